// swift-tools-version:6.1
import PackageDescription

// Layering (docs/CODEBASE.md): arrows point from the edges to CarportCore.
// CarportTUI imports Core only; CarportTerminal is the one place that talks to curses;
// CarportApp composes the live adapters (`buildCarport`) for the executable and the tests.
let package = Package(
    name: "Carport",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "carport", targets: ["carport"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "CarportCore"),
        // libcurl directly (multi interface): URLSession on Linux is libcurl underneath, at about three
        // times the CPU per request (release, 8 in flight: 0.35 ms vs 0.12 ms).
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "SmartcarKit", dependencies: ["CarportCore", "CCurl"]),
        .target(
            name: "CarportStore",
            dependencies: [
                "CarportCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The team store (docs/TEAM-STORE.md): the same port on PostgreSQL, sealed by CarportStore's Sealer.
        .target(
            name: "CarportPostgres",
            dependencies: [
                "CarportCore", "CarportStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "CarportCallback",
            dependencies: [
                "CarportCore",
                .product(name: "FlyingFox", package: "FlyingFox"),
                // The catcher reads requests itself on FlyingFox's socket layer: HTTPServer has no
                // header deadline, head-size limit or connection cap.
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]),
        .target(name: "CarportTUI", dependencies: ["CarportCore"]),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses", providers: [.apt(["libncurses-dev"])]),
        // The Connect URL's QR code: Debian's libqrencode, a well-kept encoder (docs/CODEBASE.md).
        .systemLibrary(name: "CQRencode", path: "Sources/CQRencode", providers: [.apt(["libqrencode-dev"])]),
        .target(name: "CarportTerminal", dependencies: ["CarportTUI", "CNcurses"]),
        // NIO, not FlyingFox: the refresh benchmark needs thousands of token answers a second.
        .target(
            name: "SmartcarEmulator",
            dependencies: [
                "SmartcarKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        // The application layer: `buildCarport` composes store, client and clock; the services the
        // TUI and the CLI share. Everything but the terminal.
        .target(
            name: "CarportApp",
            dependencies: [
                "CarportCore", "SmartcarKit", "CarportStore", "CarportPostgres", "CarportCallback", "CarportTUI",
                "SmartcarEmulator", "CQRencode", .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        // Argument parsing, one call into CarportApp, printing.
        .executableTarget(
            name: "carport",
            dependencies: [
                "CarportApp", "CarportCore", "SmartcarKit", "CarportStore", "CarportCallback",
                "CarportTUI", "CarportTerminal", "SmartcarEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .target(
            name: "CarportTestSupport",
            dependencies: [
                "CarportCore", "SmartcarKit", "SmartcarEmulator", "CarportStore", "CarportApp", "CarportTUI",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),

        .testTarget(name: "CarportCoreTests", dependencies: ["CarportCore", "CarportTestSupport"]),
        .testTarget(
            name: "CarportTestSupportTests", dependencies: ["CarportTestSupport", "SmartcarKit", "SmartcarEmulator"]),
        .testTarget(
            name: "SmartcarKitTests",
            dependencies: ["SmartcarKit", "SmartcarEmulator", "CarportApp", "CarportTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SmartcarEmulatorTests", dependencies: ["SmartcarEmulator", "SmartcarKit", "CarportTestSupport"]),
        .testTarget(
            name: "CarportStoreTests",
            dependencies: [
                "CarportStore", "CarportPostgres", "SmartcarKit", "SmartcarEmulator", "CarportApp",
                "CarportTestSupport",
            ]),
        .testTarget(
            name: "CarportCallbackTests",
            dependencies: [
                "CarportCallback", "SmartcarKit", "SmartcarEmulator", "CarportStore", "CarportApp",
                "CarportTestSupport",
            ]),
        .testTarget(
            name: "CarportAppTests", dependencies: ["CarportApp", "CarportTUI", "CarportTestSupport"]),
        .testTarget(
            name: "CarportTUITests", dependencies: ["CarportTUI", "CarportTestSupport"], exclude: ["Snapshots"]),
        .testTarget(
            name: "CarportTerminalTests",
            dependencies: ["CarportTerminal", "CarportTUI", "CNcurses", "CarportTestSupport"]),
        // Everything that runs the real `carport` binary (the CLI, the TUI under tmux): the dependency
        // makes `swift test` build it, and keeps the other test targets from rebuilding it.
        .testTarget(
            name: "CarportE2ETests",
            dependencies: ["carport", "CarportCore", "CarportStore", "SmartcarEmulator", "CarportTestSupport"]),
    ]
)
