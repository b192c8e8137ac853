import CarportCore
import Foundation

extension Renderer {
    /// One line of a detail page: a label in the left column, a value, and the value's role.
    struct Line {
        var label: String
        var value: String
        var role: Role
        init(_ label: String, _ value: String, _ role: Role = .normal) {
            self.label = label
            self.value = value
            self.role = role
        }
        static func heading(_ text: String) -> Line { Line("", text, .header) }
    }

    mutating func drawDetail(vehicleId: String) {
        guard let vehicle = state.vehicle(id: vehicleId) else {
            drawTitle("Vehicle")
            buffer.put("This vehicle is no longer in the store. Press Esc to go back.", x: 2, y: 2, role: .dim)
            return
        }
        drawTitle("\(vehicle.yearText) \(vehicle.make) \(vehicle.model)")
        var lines = vehicleLines(vehicle)
        if let connection = state.fleet[connection: vehicle.connectionId] {
            lines += connectionLines(connection, vehicle: vehicle)
            lines += errorLines(vehicle: vehicle, connection: connection)
        }
        lines += liveLines(vehicle)
        drawLines(lines, top: 1, bottom: height - 3)
    }

    /// Draws `lines` from row `top` to `bottom`, wrapping long values under their label;
    /// `inset` columns stay free on both sides (inside a box, so text does not touch its lines).
    mutating func drawLines(_ lines: [Line], top: Int, bottom: Int, inset: Int = 0) {
        let labelWidth = 14
        let valueWidth = width - labelWidth - 3 - 2 * inset
        var y = top
        for line in lines {
            let wrapped = Self.wrap(
                line.value, width: line.label.isEmpty && line.role == .header ? width - 2 : valueWidth)
            for (i, part) in wrapped.enumerated() {
                guard y <= bottom else { return }
                if line.role == .header {
                    buffer.rule(y: y, x: 1, width: width - 2)
                    buffer.put(" \(part) ", x: 3, y: y, role: .header)
                } else {
                    if i == 0 { buffer.put(line.label, x: 1 + inset, y: y, role: .dim, maxWidth: labelWidth) }
                    buffer.put(part, x: labelWidth + 2 + inset, y: y, role: line.role)
                }
                y += 1
            }
        }
    }

    /// Splits `text` into lines of at most `width` columns, at spaces when it can.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, CharacterWidth.of(text) > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            var piece = String(word)
            let candidate = current.isEmpty ? piece : current + " " + piece
            if CharacterWidth.of(candidate) <= width {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current) }
            while CharacterWidth.of(piece) > width {
                lines.append(String(piece.prefix(width)))
                piece = String(piece.dropFirst(width))
            }
            current = piece
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    private func vehicleLines(_ vehicle: Vehicle) -> [Line] {
        let unshared =
            state.fleet.kind(ofVehicle: vehicle.id) == .v3
            ? "VIN not listed (v3)" : "VIN not shared (read_vin not granted)"
        let vin = vehicle.vin.map { "VIN \($0)" } ?? unshared
        return [Line("Vehicle", "\(vehicle.yearText) \(vehicle.make) \(vehicle.model) · \(vin) · id \(vehicle.id)")]
    }

    private func connectionLines(_ connection: ConnectionSummary, vehicle: Vehicle) -> [Line] {
        let health = state.health(of: connection)
        var lines = [
            Line("Customer", "\(connection.customer) · \(connection.mode.rawValue) · connection \(connection.id)"),
            Line("Health", "● \(health.label): \(health.advice)", Role.health(health)),
        ]
        switch connection.state {
        case .tokenPair(let tokens): lines += pairLines(tokens, connection: connection, health: health)
        case .application(let v3): lines += applicationLines(v3, lastRead: vehicle.lastSeenAt)
        }
        if let reason = connection.state.reauthReason { lines.append(Line("Re-auth", reason, .error)) }
        lines.append(
            Line("Permissions", connection.scopes.isEmpty ? "none recorded" : connection.scopes.joined(separator: " ")))
        return lines
    }

    private func pairLines(_ tokens: TokenState, connection: ConnectionSummary, health: Health) -> [Line] {
        let now = state.now
        let access =
            tokens.accessExpiresAt > now
            ? "\(Format.span(tokens.accessExpiresAt.timeIntervalSince(now))) left (until \(Format.utc(tokens.accessExpiresAt)))"
            : "expired \(Format.span(now.timeIntervalSince(tokens.accessExpiresAt))) ago"
        let runway =
            tokens.refreshExpiresAt > now
            ? "\(Format.span(tokens.refreshExpiresAt.timeIntervalSince(now))) left (until \(Format.utc(tokens.refreshExpiresAt)))"
            : "gone: the customer must connect again"
        var last = Format.lastRefresh(tokens.lastRefresh, now: now)
        if let message = tokens.lastRefresh?.message { last += ": \(message)" }
        if state.refreshing.contains(connection.id) { last = "refreshing now…" }
        // The Health line carries the alarm colour; the lines that explain it are red text, not more alarm blocks.
        let lastRole = Self.role(of: tokens.lastRefresh)
        return [
            Line("Access token", access, tokens.accessExpiresAt > now ? .normal : .expired),
            // The runway is the alarm only when it is short or gone, not when a revoked pair needs re-auth.
            Line(
                "Refresh runway", runway,
                tokens.refreshExpiresAt <= now
                    ? .reauth
                    : health == .runwayCritical ? .critical : .normal),
            Line("Last refresh", last, lastRole == .reauth ? .error : lastRole),
        ]
    }

    /// A v3 connection has no clocks: the app's token serves every call (docs/SMARTCAR.md §10).
    private func applicationLines(_ v3: ApplicationState, lastRead: Date?) -> [Line] {
        let now = state.now
        let listed = Format.ago(v3.confirmedAt, now: now)
        return [
            Line("Credentials", "v3 app: the application token with this customer's Smartcar user, no token pair"),
            Line(
                "At Smartcar",
                v3.reauthReason == nil ? "connected (last listed \(listed))" : "gone (last listed \(listed))",
                v3.reauthReason == nil ? .normal : .error),
            Line(
                "Last read", lastRead.map { Format.ago($0, now: now) } ?? "not read yet",
                lastRead == nil ? .dim : .normal),
        ]
    }

    private func errorLines(vehicle: Vehicle, connection: ConnectionSummary) -> [Line] {
        let errors = (state.errors[connection.id] ?? []) + (state.errors[vehicle.id] ?? [])
        guard !errors.isEmpty else { return [] }
        var lines = [Line.heading("Last errors")]
        for error in errors.suffix(State.errorsKept).reversed() {
            // Name the error unless the message already does (Core's Smartcar messages start with it).
            let text =
                switch error.details {
                case let details? where error.message.contains(details.name): error.message
                case let details?: "\(details.name) (\(details.statusCode)): \(error.message)"
                case nil: "\(error.kind.rawValue): \(error.message)"
                }
            lines.append(Line("Error", text, .error))
            // Core's message may already quote Smartcar's words for the customer; say them once.
            if let tell = error.details?.suggestedUserMessage, !error.message.contains(tell) {
                lines.append(Line("", "Tell the customer: \(tell)"))
            }
            if let details = error.details, let resolution = details.resolutionType {
                let url = details.resolutionURL.map { " \($0)" } ?? ""
                lines.append(Line("", "Resolution: \(resolution)\(url)", .accent))
            }
        }
        return lines
    }

    private func liveLines(_ vehicle: Vehicle) -> [Line] {
        var lines = [Line.heading("Live data")]
        switch state.liveData[vehicle.id] {
        case nil:
            let calls =
                state.fleet.kind(ofVehicle: vehicle.id) == .v3
                ? "one request for every signal" : "one API call per reading"
            lines.append(Line("", "Press d to ask the vehicle (\(calls)).", .dim))
        case .loading?:
            lines.append(Line("", "Asking the vehicle…", .accent))
        case .failed(let error)?:
            lines.append(Line("", "Could not read live data: \(error.message)", .error))
        case .loaded(let data)?:
            let granted = state.fleet[connection: vehicle.connectionId]?.scopes ?? []
            lines += LiveDataLines.lines(data, granted: granted, now: state.now)
        }
        return lines
    }
}
