// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "swoop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "swoop", targets: ["swoop"]),
        .library(name: "SwoopConfig", targets: ["SwoopConfig"]),
        .library(name: "SwoopSearch", targets: ["SwoopSearch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        .target(name: "SwoopModel"),
        .target(name: "SwoopConfig", dependencies: [
            "SwoopModel",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "SwoopSearch", dependencies: ["SwoopConfig", "SwoopModel"]),
        .executableTarget(name: "swoop", dependencies: [
            "SwoopConfig", "SwoopSearch", "SwoopModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "SwoopConfigTests", dependencies: ["SwoopConfig", "SwoopModel"]),
        .testTarget(name: "SwoopSearchTests", dependencies: ["SwoopSearch", "SwoopConfig", "SwoopModel"]),
        .testTarget(name: "SwoopCLITests", dependencies: ["SwoopModel"]),
    ],
    swiftLanguageModes: [.v6]
)
