import CarportApp
import CarportCore
import CarportTUI

/// `carport compat`'s text: the verdict in its colour, then a table that fits 80 columns.
enum CompatOutput {
    static func report(_ report: CompatibilityReport) {
        Console.print("VIN \(report.query.vin) (\(report.query.country))")
        prose(report.sentence, role: .compatibility(report.verdict))
        var table = TextTable(columns: [
            .init(title: "PERMISSION", minWidth: 12, flex: 1),
            .init(title: "CAPABLE", minWidth: 7, flex: 0),
            .init(title: "WHY", minWidth: 20, flex: 2),
        ])
        table.rows = report.rows.map { row in
            let (text, role): (String, Role) =
                switch row.capable {
                case true?: ("yes", .healthy)
                case false?: ("no", .error)
                case nil: ("unknown", .dim)
                }
            return [(row.permission, nil), (text, role), (row.words, nil)]
        }
        if !table.rows.isEmpty {
            Console.print("")
            Console.print(table, width: 80)
        }
        Console.print("")
        prose(CompatibilityReport.caveat, role: .dim)
    }

    /// Text wrapped to 80 columns, each line in `role`.
    private static func prose(_ text: String, role: Role) {
        for line in TextWrap.lines(text, width: 80) { Console.print(StyledText(line, role: role)) }
    }

    static func matrix(_ models: [MatrixModel], make: String, region: MatrixRegion) {
        guard !models.isEmpty else {
            prose(
                "Smartcar lists no \(make.uppercased()) model in \(region.rawValue): customers with that brand "
                    + "there cannot connect.", role: .error)
            return
        }
        for model in models {
            Console.print("\(model.make) \(model.model), \(model.years), \(model.powertrain)")
            for line in TextWrap.lines(model.permissions.joined(separator: " "), width: 76) {
                Console.print("    \(line)")
            }
        }
    }
}
