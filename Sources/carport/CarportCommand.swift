import ArgumentParser
import CarportApp
import CarportCore

@main
struct CarportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carport",
        abstract: "Manage vehicles linked through Smartcar Connect, from a terminal.",
        discussion: """
            Configuration comes from SMARTCAR_CLIENT_ID, SMARTCAR_CLIENT_SECRET (or a secret file), \
            SMARTCAR_REDIRECT_URI and the SMARTCAR_*_ORIGIN variables, then from \
            $XDG_CONFIG_HOME/carport/config.toml. Data lives in $CARPORT_HOME.
            """,
        version: CarportVersion.current,
        subcommands: [
            TUICommand.self, ListCommand.self, StatusCommand.self, ShowCommand.self, ConnectCommand.self,
            ReauthCommand.self, RefreshCommand.self, LockCommand.self, UnlockCommand.self,
            DisconnectCommand.self, DoctorCommand.self, AuditCommand.self, ExportCommand.self,
            RekeyCommand.self, EmulatorCommand.self, DemoCommand.self,
        ],
        defaultSubcommand: TUICommand.self)
}
