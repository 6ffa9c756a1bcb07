// swift-tools-version:6.1
// Transport latency, measured side by side in one run: our pooled libssh2 session vs our OpenSSH
// transport (sessions on its ControlMaster) vs `ssh` with ControlMaster vs a fresh `ssh` per call, against the same private sandbox sshd. Kept out of the
// main package so benchmarks never slow the build or the tests.
import PackageDescription

let package = Package(
    name: "TransportBench",
    platforms: [.macOS("13.0")],
    dependencies: [.package(name: "ssh-for-agents", path: "../..")],
    targets: [
        .executableTarget(
            name: "TransportBench",
            dependencies: [
                .product(name: "SSHTransport", package: "ssh-for-agents"),
                .product(name: "OpenSSHTransport", package: "ssh-for-agents"),
                .product(name: "SandboxSSHD", package: "ssh-for-agents"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
