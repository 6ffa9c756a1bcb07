import ArgumentParser
import CLISupport

/// `ssh-for-agents`: with no arguments, or `serve`, an MCP server on stdio.
@main
struct ServerCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ssh-for-agents",
        abstract: "Let AI agents work on remote machines over SSH without being able to wreck them.",
        discussion:
            "Run by an MCP client (Claude Code, Claude Desktop, Codex, Cursor, VS Code); see the README for registration.",
        version: version,
        subcommands: [Serve.self, Chat.self],
        defaultSubcommand: Serve.self)

    static func main() async {
        await ToolMain.run(Self.self)
    }
}
