public func render(_ state: State, _ size: Size) -> ScreenBuffer { ScreenBuffer(size) }
