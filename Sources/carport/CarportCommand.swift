import ArgumentParser
import CarportApp
import CarportCore
import Foundation

@main
struct CarportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carport",
        abstract: "Manage vehicles linked through Smartcar Connect, from a terminal.",
        discussion: """
            Configuration comes from SMARTCAR_CLIENT_ID, SMARTCAR_CLIENT_SECRET (or a secret file) for a \
            classic application, SMARTCAR_APPLICATION_ID, SMARTCAR_API_CLIENT_ID, SMARTCAR_API_CLIENT_SECRET \
            (or a secret file) for a v3 one, SMARTCAR_REDIRECT_URI and the SMARTCAR_*_ORIGIN variables, then \
            from $XDG_CONFIG_HOME/carport/config.toml. Data lives in $CARPORT_HOME.
            """,
        version: CarportVersion.current,
        subcommands: [
            TUICommand.self, ListCommand.self, StatusCommand.self, ShowCommand.self, CompatCommand.self,
            ConnectCommand.self, ReauthCommand.self, RefreshCommand.self, LockCommand.self, UnlockCommand.self,
            DisconnectCommand.self, ReconcileCommand.self, DoctorCommand.self, AuditCommand.self, ExportCommand.self,
            MetricsCommand.self, RekeyCommand.self, StoreCommand.self, EmulatorCommand.self, DemoCommand.self,
        ],
        defaultSubcommand: TUICommand.self)

    /// A first word that names no subcommand would otherwise be read as `tui`'s and answered with
    /// its usage; it gets the list of subcommands and the closest one instead (exit 64).
    static func main() async {
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        if let word = CommandLine.arguments.dropFirst().first, !word.hasPrefix("-"), !names.contains(word) {
            let guess = ClosestName.to(word, among: names).map { " Did you mean `carport \($0)`?" } ?? ""
            Console.error("carport: `\(word)` is not a command.\(guess)")
            Console.error(
                "Commands: \(names.dropLast().joined(separator: ", ")). `carport --help` says what each does.")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        await main(nil)
    }
}
