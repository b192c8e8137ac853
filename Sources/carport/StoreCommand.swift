import ArgumentParser
import CarportApp
import CarportCore
import Foundation

struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move this machine's store to the team store on PostgreSQL.",
        subcommands: [StoreCopyCommand.self])
}

struct StoreCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy the SQLite store of CARPORT_HOME into an empty PostgreSQL database.",
        discussion: """
            Copies every connection, vehicle, audit entry and app token in one transaction, sealed \
            values as they are (the same key opens them), then opens the copy afresh, compares the \
            counts and opens every sealed value. A database that already holds a Carport store is \
            refused: copy never merges. The password comes from PGPASSWORD or database_password_file, \
            never from the URL. The SQLite store is left as it was: stop this machine's refresh timer \
            before the copy and point the machine at the team store after it.
            Exit codes: 0 copied and checked; 1 the store or the database failed, or the database is \
            not empty; 64 bad usage.
            """)

    @Option(name: .customLong("to"), help: "postgres://USER@HOST:PORT/DATABASE[?sslmode=require|verify-full]")
    var url: String

    func run() async throws {
        let report = try await CommandFailure.reporting {
            try await StoreCopy.run(to: url, environment: ProcessInfo.processInfo.environment)
        }
        for line in report.split(separator: "\n") { Console.print(StyledText(String(line))) }
    }
}
