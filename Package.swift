// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "swoop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "swoop", targets: ["swoop"]),
        .library(name: "SwoopConfig", targets: ["SwoopConfig"]),
        .library(name: "SwoopSearch", targets: ["SwoopSearch"]),
        .library(name: "SwoopModel", targets: ["SwoopModel"]),
        .library(name: "SwoopStore", targets: ["SwoopStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .target(name: "SwoopModel"),
        .target(name: "SwoopConfig", dependencies: [
            "SwoopModel",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "SwoopSearch", dependencies: ["SwoopConfig", "SwoopModel"]),
        .target(name: "SwoopStore", dependencies: [
            "SwoopModel",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .executableTarget(name: "swoop", dependencies: [
            "SwoopConfig", "SwoopSearch", "SwoopModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "SwoopConfigTests", dependencies: ["SwoopConfig", "SwoopModel"]),
        .testTarget(name: "SwoopSearchTests", dependencies: ["SwoopSearch", "SwoopConfig", "SwoopModel"]),
        .testTarget(name: "SwoopCLITests", dependencies: ["SwoopModel"]),
        .testTarget(name: "SwoopModelTests", dependencies: ["SwoopModel"]),
        .testTarget(name: "SwoopStoreTests", dependencies: ["SwoopStore", "SwoopModel"]),
    ],
    swiftLanguageModes: [.v6]
)
