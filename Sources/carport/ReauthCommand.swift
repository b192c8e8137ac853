import ArgumentParser
import CarportApp
import CarportCallback
import CarportCore
import Foundation

struct ReauthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reauth",
        abstract: "Re-authorise a connection whose tokens died, or a vehicle whose carmaker login changed.",
        discussion: """
            Without --vehicle: runs a new Connect session with approval_prompt=force for the same \
            mode and permissions. When the customer signs in as the same Smartcar user, the \
            connection's token pair is replaced (its id, label and vehicles stay); a different user \
            is refused. Use this after invalid_grant, AUTHENTICATION or an expired refresh runway. For a \
            v3 connection Smartcar no longer has, the same Smartcar user brings it back (its vehicles and \
            permissions are listed again); another user's Connect is kept as a new connection.
            With --vehicle V (classic connections only): sends the customer to Connect's /oauth/reauthenticate for that vehicle \
            (docs/SMARTCAR.md §2.4), the fix Smartcar names for CONNECTED_SERVICES_ACCOUNT:AUTHENTICATION_FAILED \
            (resolution REAUTHENTICATE with a url). It returns no code: the pair stays as it is.
            Ways in, output and exit codes are those of `carport connect`.
            """)

    @Argument(help: "The id of the connection to re-authorise.")
    var connection: String

    @Option(help: "Re-authenticate this vehicle's carmaker login instead (/oauth/reauthenticate).")
    var vehicle: String?

    @OptionGroup var options: SessionOptions

    func run() async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        guard let row = try await CommandFailure.reporting({ try await carport.store.connection(id: connection) })
        else {
            throw CommandFailure.fail(
                CarportError(
                    .notFound,
                    "No connection \(connection) in the store; `carport status` lists them."))
        }
        if let vehicle,
            try await CommandFailure.reporting({ try await carport.store.vehicle(id: vehicle) })?
                .connectionId != row.id
        {
            throw CommandFailure.fail(
                CarportError(
                    .notFound,
                    "Vehicle \(vehicle) is not linked through connection \(row.id); `carport list` shows which is."))
        }
        let session = try CommandFailure.reporting {
            try carport.reauthSession(row, vehicle: vehicle, port: options.port, timeout: options.timeout)
        }
        try await options.finish(session, carport: carport, verb: "Re-authorised")
    }
}
