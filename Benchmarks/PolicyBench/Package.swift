// swift-tools-version:6.1
// Policy engine timing: per-command cost over the policy corpus and the cost of a 1 MB command.
// Kept out of the main package so benchmarks never slow the build or the tests.
import PackageDescription

let package = Package(
    name: "PolicyBench",
    dependencies: [.package(name: "ssh-for-agents", path: "../..")],
    targets: [
        .executableTarget(
            name: "PolicyBench",
            dependencies: [.product(name: "AgentPolicy", package: "ssh-for-agents")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
