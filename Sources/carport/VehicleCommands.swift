import ArgumentParser
import CarportApp
import CarportCore
import Foundation

/// `carport lock` and `carport unlock`: one command, audited either way.
struct SecurityCommand: AsyncParsableCommand {
    @Argument(help: "The vehicle: Smartcar id (or a prefix), VIN, or the VIN's last six characters.")
    var vehicle: String

    func perform(_ action: SecurityAction) async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        let (vehicle, connection) = try await CommandFailure.reporting {
            try await carport.resolveVehicle(self.vehicle)
        }
        let doing: StyledText =
            "\(action == .lock ? "Locking" : "Unlocking") \(vehicle.make) \(vehicle.model) (\(connection.customer))"
        let message = try await CommandFailure.reporting {
            try await CommandWait.run(doing) { accepted in
                try await carport.sendSecurity(action, to: vehicle, of: connection, accepted: accepted)
            }
        }
        Console.print("\(vehicle.make) \(vehicle.model) (\(connection.customer)): \(message)")
    }
}

struct LockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lock", abstract: "Lock a vehicle's doors.")
    @OptionGroup var target: SecurityCommand
    func run() async throws { try await target.perform(.lock) }
}

struct UnlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Unlock a vehicle's doors.")
    @OptionGroup var target: SecurityCommand
    func run() async throws { try await target.perform(.unlock) }
}

struct DisconnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disconnect",
        abstract: "Revoke this application's access to a vehicle and forget it (irreversible).",
        discussion: """
            On a terminal carport asks you to type the last characters of the VIN first. Without a \
            terminal it refuses unless --yes is given.
            """)

    @Argument(help: "The vehicle: Smartcar id (or a prefix), VIN, or the VIN's last six characters.")
    var vehicle: String

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    func run() async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        let (vehicle, connection) = try await CommandFailure.reporting {
            try await carport.resolveVehicle(self.vehicle)
        }
        if !yes { try confirm(vehicle, customer: connection.customer) }
        let done = try await CommandFailure.reporting { try await carport.disconnect(vehicle, of: connection) }
        Console.print(
            "Disconnected \(vehicle.make) \(vehicle.model) \(vehicle.year) of \(connection.customer): \(done) The vehicle is forgotten."
        )
    }

    /// Asks for the last six characters of the VIN (or of the id when no VIN was granted).
    private func confirm(_ vehicle: Vehicle, customer: String) throws {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure.fail(CarportError(.usage, VINConfirmation.noTerminal))
        }
        let confirmation = VINConfirmation(vehicle)
        FileHandle.standardError.write(Data(confirmation.prompt(vehicle, customer: customer).utf8))
        guard confirmation.accepts(readLine() ?? "") else {
            throw CommandFailure.fail(CarportError(.usage, confirmation.refusal))
        }
    }
}
