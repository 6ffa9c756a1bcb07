// swift-tools-version:6.1
// Policy engine benchmark, kept out of the main build (a benchmark is a measurement, not a test). Run it with
// scripts/bench-policy.sh, which builds it in release mode.
import PackageDescription

let package = Package(
    name: "PolicyBench",
    platforms: [.macOS("13.0")],
    dependencies: [.package(name: "ssh-for-agents", path: "../..")],
    targets: [
        .executableTarget(
            name: "PolicyBench",
            dependencies: [.product(name: "AgentPolicy", package: "ssh-for-agents")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
