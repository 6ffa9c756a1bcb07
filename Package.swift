// swift-tools-version:6.1
// ssh-for-agents: let AI agents work on remote machines over SSH without being able to wreck them.
// Layout follows ../shared/ARCHITECTURE.md: Sources/Shared (pure policy), Sources/Client
// (transport, configuration, MCP server, CLIs), Sources/Enforcer (server side), Sources/TestSupport.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "ssh-for-agents",
    platforms: [.macOS("13.0")],
    products: [
        .executable(name: "ssh-for-agents", targets: ["ServerCommand"]),
        .executable(name: "ssh-for-agents-run", targets: ["RunCommand"]),
        .executable(name: "ssh-for-agents-sandbox", targets: ["SandboxCommand"]),
        .library(name: "AgentPolicy", targets: ["AgentPolicy"]),
        // For the benchmark packages under Benchmarks/, which stay out of the main build.
        .library(name: "SSHTransport", targets: ["SSHTransport"]),
        .library(name: "Gateway", targets: ["Gateway"]),
        .library(name: "SandboxSSHD", targets: ["SandboxSSHD"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Pure policy: shell parser, rules, modes, verdicts. Swift stdlib only, so the enforcer
        // that links it stays small and starts in milliseconds.
        .target(name: "AgentPolicy", path: "Sources/Shared/AgentPolicy", swiftSettings: strict),

        // libssh2 from the system (Debian: libssh2-1-dev).
        .systemLibrary(
            name: "CLibSSH2", path: "Sources/Client/CLibSSH2", pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]),
        // SSH sessions, pool, exec, SFTP, host keys, auth. Nothing above it sees a C pointer.
        .target(name: "SSHTransport", dependencies: ["CLibSSH2"],
                path: "Sources/Client/Transport", swiftSettings: strict),
        // hosts.json: load, validate, look up, watch.
        .target(name: "HostConfiguration", dependencies: ["AgentPolicy"],
                path: "Sources/Client/HostConfiguration", swiftSettings: strict),
        // request -> policy -> confirmation -> transport, shared by the CLI and the MCP server.
        .target(name: "Gateway",
                dependencies: ["AgentPolicy", "SSHTransport", "HostConfiguration"],
                path: "Sources/Client/Gateway", swiftSettings: strict),
        // The agent's tools (list_hosts, run_command, …) as one table of entries: schemas,
        // annotations and handlers with neutral results. No MCP here: the MCP server adapts the
        // table, and so can a local-model bridge.
        .target(name: "AgentTools", dependencies: ["Gateway", "AgentPolicy", "HostConfiguration"],
                path: "Sources/Client/AgentTools", swiftSettings: strict),
        .target(name: "MCPServer",
                dependencies: ["AgentTools", "Gateway",
                               .product(name: "MCP", package: "swift-sdk"),
                               .product(name: "Logging", package: "swift-log")],
                path: "Sources/Client/MCPServer", swiftSettings: strict),
        .executableTarget(name: "ServerCommand",
                          dependencies: ["MCPServer", "Gateway",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Sources/Client/ServerCommand", swiftSettings: strict),
        .executableTarget(name: "RunCommand",
                          dependencies: ["Gateway",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Sources/Client/RunCommand", swiftSettings: strict),

        // A private OpenSSH server on 127.0.0.1 for tests, the demo and benchmarks.
        .target(name: "SandboxSSHD", path: "Sources/TestSupport/SandboxSSHD", swiftSettings: strict),
        .executableTarget(name: "SandboxCommand",
                          dependencies: ["SandboxSSHD",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Sources/TestSupport/SandboxCommand", swiftSettings: strict),

        .testTarget(name: "PolicyTests", dependencies: ["AgentPolicy"],
                    path: "Tests/PolicyTests", swiftSettings: strict),
        .testTarget(name: "SSHTransportTests", dependencies: ["SSHTransport", "SandboxSSHD"],
                    path: "Tests/SSHTransportTests", swiftSettings: strict),
        .testTarget(name: "SandboxSSHDTests", dependencies: ["SandboxSSHD"],
                    path: "Tests/SandboxSSHDTests", swiftSettings: strict),
        .testTarget(name: "AgentToolsTests",
                    dependencies: ["AgentTools", "Gateway", "AgentPolicy", "HostConfiguration"],
                    path: "Tests/AgentToolsTests", swiftSettings: strict),
        .testTarget(name: "MCPServerTests",
                    dependencies: ["MCPServer", "AgentTools", "Gateway", "AgentPolicy", .product(name: "MCP", package: "swift-sdk")],
                    path: "Tests/MCPServerTests", swiftSettings: strict),
        .testTarget(name: "ClientTests",
                    dependencies: ["HostConfiguration", "Gateway", "SandboxSSHD"],
                    path: "Tests/ClientTests", swiftSettings: strict),
    ]
)
