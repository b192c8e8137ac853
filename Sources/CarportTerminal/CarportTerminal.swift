import CarportTUI
