import ArgumentParser
import CarportApp
import CarportCore
import CarportStore
import Foundation

struct RekeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey",
        abstract: "Re-seal every stored token under a new key, in one transaction.",
        discussion: """
            Writes the new key beside the old one (key.new), re-seals every token and the key check \
            in one transaction, then renames key.new over the key file. If carport stops in between, \
            the next start finishes the rename. Back the new key up afterwards. On a team store \
            (CARPORT_DATABASE_URL) every machine then needs a copy of the new key.
            Exit codes: 0 done; 1 the store could not be opened or written.
            """)

    func run() async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        let count = try await CommandFailure.reporting { try await carport.store.rekey() }
        Console.print(
            "Re-sealed \(count) connection(s) under a new key in \(carport.store.files.key.path). Back it up.")
        if carport.configuration.databaseURL != nil {
            Console.print(
                "Copy it to every machine that uses \(carport.store.location) (key check \(carport.store.keyFingerprint)); until then their commands stop with a wrong-key error and change nothing."
            )
        }
    }
}
