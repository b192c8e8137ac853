import CarportTUI

/// Presses `keys` in order and returns every effect they asked for.
@discardableResult
func press(_ state: inout State, _ keys: Key...) -> [Effect] {
    keys.flatMap { reduce(&state, .key($0)) }
}

/// The vehicle ids of the list's rows, in order (connection headings left out).
func selectedIds(_ state: State) -> [String] {
    state.rows.compactMap { if case .vehicle(let i) = $0 { state.vehicles[i].id } else { nil } }
}
