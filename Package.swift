// swift-tools-version:6.1
// ssh-for-agents: let AI agents work on remote machines over SSH without being able to wreck them.
// Layout: Sources/Shared (pure policy and the client/enforcer contracts), Sources/Client
// (transport, configuration, MCP server, CLIs), Sources/Enforcer (server side), Sources/TestSupport.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "ssh-for-agents",
    platforms: [.macOS("13.0")],
    products: [
        .executable(name: "ssh-for-agents", targets: ["ServerCommand"]),
        .executable(name: "ssh-for-agents-run", targets: ["RunCommand"]),
        .executable(name: "ssh-for-agents-config", targets: ["ConfigCommand"]),
        .executable(name: "ssh-for-agents-sandbox", targets: ["SandboxCommand"]),
        .executable(name: "ssh-for-agents-enforcer", targets: ["EnforcerCommand"]),
        .library(name: "AgentPolicy", targets: ["AgentPolicy"]),
        // For the benchmark packages under Benchmarks/, which stay out of the main build.
        .library(name: "SSHTransport", targets: ["SSHTransport"]),
        .library(name: "RemoteAccess", targets: ["RemoteAccess"]),
        .library(name: "OpenSSHTransport", targets: ["OpenSSHTransport"]),
        .library(name: "TransportSelection", targets: ["TransportSelection"]),
        .library(name: "Gateway", targets: ["Gateway"]),
        .library(name: "SandboxSSHD", targets: ["SandboxSSHD"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // SHA-256 and HMAC-SHA256 for both ends (fingerprints, policy digests, approval tokens).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Streaming HTTP for the local-model bridge only (Bridge target).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    ],
    targets: [
        // Pure policy: shell parser, rules, modes, verdicts. Swift stdlib only, so the enforcer
        // that links it stays small and starts in milliseconds.
        .target(name: "AgentPolicy", path: "Sources/Shared/AgentPolicy", swiftSettings: strict),
        // What client and enforcer agree on, beside the policy: the reserved first line, approval
        // tokens, the probe, the refusal line, audit records, the policy block's decoder, a verdict
        // in words, fingerprints. No libssh2, no MCP, FoundationEssentials at most.
        .target(
            name: "AgentContracts",
            dependencies: ["AgentPolicy", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Shared/AgentContracts", swiftSettings: strict),

        // libssh2 from the system (Debian: libssh2-1-dev).
        .systemLibrary(
            name: "CLibSSH2", path: "Sources/Client/CLibSSH2", pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]),
        // libedit from the system (Debian: libedit-dev), for `ssh-for-agents chat`'s prompt.
        .systemLibrary(
            name: "CLibEdit", path: "Sources/Client/CLibEdit", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        // Line editing and history for chat's interactive prompt: the libedit wrapper, the
        // history file and what may be written to it. Nothing of the bridge or the tools.
        .target(
            name: "LineEditing", dependencies: ["CLibEdit"],
            path: "Sources/Client/LineEditing", swiftSettings: strict),
        // The transport protocol and its value types (targets, exec requests and results, remote
        // files, errors): what Gateway and the tools see of SSH. No libssh2 here.
        .target(name: "RemoteAccess", path: "Sources/Client/RemoteAccess", swiftSettings: strict),
        // The libssh2 implementation of RemoteAccess: sessions, pool, exec, SFTP, host keys, auth.
        // Every libssh2 call sits in its LibSSH2/ folder; nothing above it sees a C pointer.
        .target(
            name: "SSHTransport", dependencies: ["CLibSSH2", "RemoteAccess", "AgentContracts"],
            path: "Sources/Client/Transport", swiftSettings: strict),
        // The OpenSSH-client implementation of RemoteAccess: a ControlMaster per target, commands and
        // SFTP as sessions on it. Runs /usr/bin/ssh; links no libssh2.
        // pipe2 and posix_spawn_file_actions_addclosefrom_np, which Swift's Glibc module hides.
        .target(name: "CSpawn", path: "Sources/Client/CSpawn"),
        .target(
            name: "OpenSSHTransport",
            dependencies: ["RemoteAccess", "AgentContracts", "CSpawn", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Client/OpenSSH", swiftSettings: strict),
        // Which transport carries a host: hosts.json's `transport` (libssh2, openssh, auto) and the
        // switch from libssh2 to openssh when libssh2 cannot do the job.
        .target(
            name: "TransportSelection", dependencies: ["SSHTransport", "OpenSSHTransport", "RemoteAccess"],
            path: "Sources/Client/TransportSelection", swiftSettings: strict),
        // hosts.json: load, validate, look up, watch.
        .target(
            name: "HostConfiguration", dependencies: ["AgentPolicy", "AgentContracts"],
            path: "Sources/Client/HostConfiguration", swiftSettings: strict),
        // request -> policy -> confirmation -> transport, shared by the CLI and the MCP server.
        .target(
            name: "Gateway",
            dependencies: ["AgentPolicy", "AgentContracts", "RemoteAccess", "HostConfiguration"],
            path: "Sources/Client/Gateway", swiftSettings: strict),
        // The agent's tools (list_hosts, run_command, …) as one table of entries: schemas,
        // annotations and handlers with neutral results. No MCP here: the MCP server adapts the
        // table, and so can a local-model bridge.
        .target(
            name: "AgentTools", dependencies: ["Gateway", "AgentPolicy", "AgentContracts", "HostConfiguration", "RemoteAccess"],
            path: "Sources/Client/AgentTools", swiftSettings: strict),
        .target(
            name: "MCPServer",
            dependencies: [
                "AgentTools", "Gateway",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Client/MCPServer", swiftSettings: strict),
        // `ssh-for-agents chat`: the tool-calling loop for Ollama and OpenAI-compatible servers,
        // adapting the same tool table as MCPServer. The only target that links AsyncHTTPClient.
        .target(
            name: "Bridge",
            dependencies: [
                "AgentTools", "Gateway", "AgentContracts",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/Client/Bridge", swiftSettings: strict),
        // What every executable shares: common options, exit codes, error output, the main that
        // leaves with _exit. ArgumentParser and the pure policy only, so the enforcer can use it and
        // stay small; adapters to Gateway types stay in the executables.
        .target(
            name: "CLISupport",
            dependencies: [
                "AgentPolicy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Client/CLISupport", swiftSettings: strict),
        .executableTarget(
            name: "ServerCommand",
            dependencies: [
                "MCPServer", "Bridge", "AgentTools", "HostConfiguration", "Gateway", "SSHTransport", "TransportSelection",
                "CLISupport", "LineEditing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Client/ServerCommand", swiftSettings: strict),
        .executableTarget(
            name: "RunCommand",
            dependencies: [
                "Gateway", "AgentTools", "SSHTransport", "TransportSelection", "CLISupport", "AgentContracts",
                "HostConfiguration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Client/RunCommand", swiftSettings: strict),
        // `ssh-for-agents-config`: edits hosts.json (add, remove, import from ~/.ssh/config,
        // policy) with locked atomic writes, and trusts host keys over the transport's handshake.
        .executableTarget(
            name: "ConfigCommand",
            dependencies: [
                "HostConfiguration", "SSHTransport", "OpenSSHTransport", "CLISupport", "AgentPolicy", "AgentContracts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Client/ConfigCommand", swiftSettings: strict),

        // The server side: sshd's ForceCommand for the agent account. Only the policy and the
        // contracts (no libssh2, no MCP), so it stays small and starts in about a millisecond.
        .target(
            name: "EnforcerCore",
            dependencies: ["AgentPolicy", "AgentContracts", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Enforcer/EnforcerCore", swiftSettings: strict),
        // Reading the audit trail back: filters and summaries for admins.
        .target(
            name: "AuditQuery", dependencies: ["AgentPolicy", "AgentContracts"],
            path: "Sources/Enforcer/AuditQuery", swiftSettings: strict),
        // Linked fully static (glibc included), in every build, so the binary the tests run is the
        // one that ships: one file that runs on any x86_64/arm64 Linux, with no dynamic loader
        // work at start-up (docs/ENFORCER.md has the numbers).
        .executableTarget(
            name: "EnforcerCommand", dependencies: ["EnforcerCore", "AuditQuery", "AgentContracts"],
            path: "Sources/Enforcer/EnforcerCommand", swiftSettings: strict,
            linkerSettings: [
                .unsafeFlags(["-static-executable"], .when(platforms: [.linux])),
                // Named again after FoundationEssentials, which needs them, for the debug link (which
                // keeps every section, so it needs what the release link drops).
                .linkedLibrary("_FoundationCollections", .when(platforms: [.linux])),
                .linkedLibrary("_FoundationCShims", .when(platforms: [.linux])),
                .linkedLibrary("swiftSynchronization", .when(platforms: [.linux])),
            ]),

        // A private OpenSSH server on 127.0.0.1 for tests, the demo and benchmarks.
        .target(name: "SandboxSSHD", path: "Sources/TestSupport/SandboxSSHD", swiftSettings: strict),
        // Running local programs from tests: the built executables, a child with piped streams, a
        // shell command whose output goes through a file. Foundation only.
        .target(name: "TestProcesses", path: "Sources/TestSupport/TestProcesses", swiftSettings: strict),
        // A RemoteTransport without a network, for fast unit tests of Gateway and the tools.
        .target(
            name: "InMemoryTransport", dependencies: ["RemoteAccess"],
            path: "Sources/TestSupport/InMemoryTransport", swiftSettings: strict),
        .executableTarget(
            name: "SandboxCommand",
            dependencies: [
                "SandboxSSHD",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/TestSupport/SandboxCommand", swiftSettings: strict),

        .testTarget(
            name: "PolicyTests", dependencies: ["AgentPolicy"],
            path: "Tests/PolicyTests", exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "AgentContractsTests", dependencies: ["AgentContracts", "AgentPolicy", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/AgentContractsTests", swiftSettings: strict),
        .testTarget(
            name: "SSHTransportTests",
            dependencies: ["SSHTransport", "OpenSSHTransport", "TransportSelection", "SandboxSSHD", "TestProcesses"],
            path: "Tests/SSHTransportTests", swiftSettings: strict),
        // Issue 19's fault-injection suite (`make test-faults`): stalls, cut links, killed servers,
        // floods, loss and delay, with real sshds (some inside network namespaces the tests create).
        // Slow, so `make test-swift` leaves it to `make test-faults`; the MCP-level cases are in
        // Faults/mcp, the user-space link emulator the loss case runs (Python) in Faults/linkemu.
        .testTarget(
            name: "FaultTests", dependencies: ["SSHTransport", "OpenSSHTransport", "SandboxSSHD", "TestProcesses"],
            path: "Tests/Faults", exclude: ["mcp", "linkemu"], swiftSettings: strict),
        .testTarget(
            name: "SandboxSSHDTests", dependencies: ["SandboxSSHD"],
            path: "Tests/SandboxSSHDTests", swiftSettings: strict),
        .testTarget(
            name: "AgentToolsTests",
            dependencies: ["AgentTools", "Gateway", "AgentPolicy", "HostConfiguration", "SSHTransport"],
            path: "Tests/AgentToolsTests", swiftSettings: strict),
        .testTarget(
            name: "MCPServerTests",
            dependencies: [
                "MCPServer", "AgentTools", "Gateway", "AgentPolicy", "SSHTransport", .product(name: "MCP", package: "swift-sdk"),
            ],
            path: "Tests/MCPServerTests", swiftSettings: strict),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "AgentPolicy", "AgentContracts", "HostConfiguration", "RemoteAccess", "InMemoryTransport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/GatewayTests", swiftSettings: strict),
        .testTarget(
            name: "BridgeTests",
            dependencies: ["Bridge", "AgentTools", "Gateway", "HostConfiguration", "SSHTransport", "SandboxSSHD", "TestProcesses"],
            path: "Tests/BridgeTests", exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "LineEditingTests", dependencies: ["LineEditing"],
            path: "Tests/LineEditingTests", swiftSettings: strict),
        .testTarget(
            name: "ClientTests",
            dependencies: [
                "HostConfiguration", "AgentContracts", "Gateway", "SandboxSSHD", "TestProcesses", "CLISupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/ClientTests", swiftSettings: strict),
        .testTarget(
            name: "AuditQueryTests", dependencies: ["AuditQuery", "AgentContracts", "AgentPolicy"],
            path: "Tests/AuditQueryTests", swiftSettings: strict),
        // deploy/install-enforcer.sh against a real sandbox sshd, and the installed enforcer through it.
        .testTarget(
            name: "DeployTests", dependencies: ["SandboxSSHD", "TestProcesses"],
            path: "Tests/DeployTests", swiftSettings: strict),
        // The enforcer: its decisions as unit tests, and its run path behind a real sshd.
        .testTarget(
            name: "EnforcerTests",
            dependencies: [
                "EnforcerCore", "AgentContracts", "AgentPolicy", "SandboxSSHD", "TestProcesses", "OpenSSHTransport",
                "RemoteAccess",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/EnforcerTests", swiftSettings: strict),
    ]
)
