import AgentTools
import ArgumentParser
import Bridge
import CLISupport
import Foundation
import Gateway
import HostConfiguration
import LineEditing
import SSHTransport
import TransportSelection

/// `chat`: a local model (Ollama, or any OpenAI-compatible server) works on the hosts through the
/// same tools, policy and confirmation rule as an MCP client.
struct Chat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Let a local model (Ollama or an OpenAI-compatible server) use the tools.",
        discussion: """
            With PROMPT, one task: exit 0 when the model finished, 1 when the model server failed, \
            3 when --max-steps was reached, 130 when interrupted. Without, an interactive session \
            (on a terminal with line editing and history, kept in $XDG_STATE_HOME/ssh-for-agents/chat_history; \
            Ctrl-C clears the line or ends the running task, Ctrl-D or "exit" ends the session). \
            Commands that need confirmation are asked at the terminal; without one they are refused.
            """)

    @Argument(help: "The task. Without it, chat interactively.")
    var prompt: String?

    @Option(help: "Model name (default: $OLLAMA_MODEL).")
    var model: String?

    @Option(help: "Base URL of the model server.")
    var url = "http://127.0.0.1:11434"

    @Option(help: "Wire format: ollama (/api/chat) or openai (/v1/chat/completions).")
    var api: ModelAPI = .ollama

    @Option(
        name: .customLong("api-key-env"),
        help: ArgumentHelp("Environment variable holding a bearer token for the server (never printed).", valueName: "NAME"))
    var apiKeyEnv: String?

    @Option(name: .customLong("max-steps"), help: "Model requests per task at most.")
    var maxSteps = ChatSession.defaultMaxSteps

    @Flag(help: "Print a JSON transcript on stdout at the end; the live view goes to stderr.")
    var json = false

    @OptionGroup var hostsFile: HostsFileOption

    func validate() throws {
        if maxSteps < 1 { throw ValidationError("--max-steps must be at least 1") }
        if resolvedModel == nil {
            throw ValidationError("no model: pass --model NAME or set OLLAMA_MODEL (for example qwen3-coder or llama3.1)")
        }
        if let apiKeyEnv, ProcessInfo.processInfo.environment[apiKeyEnv]?.isEmpty ?? true {
            throw ValidationError("--api-key-env \(apiKeyEnv): that environment variable is not set")
        }
    }

    private var resolvedModel: String? {
        model ?? ProcessInfo.processInfo.environment["OLLAMA_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        signal(SIGPIPE, SIG_IGN)
        let liveDescriptor: Int32 = json ? 2 : 1
        let display = ConsoleDisplay(
            sink: FileDescriptorSink(descriptor: liveDescriptor),
            color: ConsoleDisplay.wantsColor(descriptor: liveDescriptor, environment: environment))
        let errors = FileDescriptorSink(descriptor: 2)

        let locator = ConfigLocator(explicitPath: hostsFile.config)
        let configPath: String
        do {
            configPath = try locator.locate()
        } catch {
            errors.write("ssh-for-agents chat: \(error)\n")
            configPath = locator.candidates.last ?? "hosts.json"
        }
        let store = HostConfigStore(path: configPath, warningHandler: { errors.write("ssh-for-agents chat: \($0)\n") })
        let gateway = Gateway(
            configStore: store,
            transport: SelectingTransport(warningHandler: { message in
                FileHandle.standardError.write(Data(("ssh-for-agents: " + message + "\n").utf8))
            }))
        let table = ToolTable(gateway: gateway, spill: OutputSpill(inlineBytes: 10_000))
        let server = ModelServer(
            baseURL: url, api: api, model: resolvedModel ?? "",
            apiKey: apiKeyEnv.flatMap { environment[$0] })
        let client = ModelServerClient(server: server)
        let stdinIsTerminal = isatty(0) == 1
        let reader = LineReader(
            source: prompt == nil && stdinIsTerminal
                ? editedLines(store: store, environment: environment, errors: errors) : PlainLines(output: errors))
        let session = ChatSession(
            client: client, table: table,
            human: stdinIsTerminal ? TerminalHuman(output: errors, reader: reader) : nil,
            display: display, maxSteps: maxSteps)
        let interrupter = TurnInterrupter()
        let signals = InterruptSignal { interrupter.interrupt() }
        defer { signals.cancel() }

        var status: Int32 = 0
        if let prompt {
            let outcome = await interrupter.run { await session.send(prompt) }
            await report(outcome, session: session, to: errors)
            status = Self.status(outcome)
        } else {
            errors.write(
                "ssh-for-agents chat: \(server.model) at \(server.baseURL) (\(api.rawValue)). "
                    + "Ctrl-C ends a task (at the prompt: clears the line), Ctrl-D or \"exit\" ends the session.\n")
            session: while true {
                let line: String
                switch await reader.next(prompt: "> ", keep: true) {
                case .line(let typed): line = typed
                case .interrupted: continue session
                case .end:
                    if stdinIsTerminal { errors.write("\n") }
                    break session
                }
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                if text == "exit" || text == "quit" { break }
                let outcome = await interrupter.run { await session.send(text) }
                await report(outcome, session: session, to: errors)
            }
        }
        if json {
            let events = await session.transcript.events
            let document: ToolValue = [
                "model": .string(server.model), "api": .string(api.rawValue), "events": .array(events),
            ]
            FileDescriptorSink(descriptor: 1).write(document.jsonText + "\n")
        }
        await client.shutdown()
        await gateway.shutdown()
        if status != 0 { throw ExitCode(status) }
    }

    /// The interactive prompt on a terminal: libedit with the history file. Lines holding the API
    /// key or a host's passphrase or approval key (the values of the variables hosts.json names)
    /// are never written to it. Plain lines if libedit cannot start.
    private func editedLines(store: HostConfigStore, environment: [String: String], errors: FileDescriptorSink) -> any LineSource
    {
        guard let editor = LineEditor(programName: "ssh-for-agents") else { return PlainLines(output: errors) }
        let hosts = (try? store.current().config.hosts.values).map(Array.init) ?? []
        let variables = [apiKeyEnv].compactMap { $0 } + hosts.flatMap { [$0.passphraseEnv, $0.approvalKeyEnv].compactMap { $0 } }
        let history = ChatHistory.defaultPath(environment: environment).map {
            ChatHistory(
                path: $0, screen: SecretScreen(secrets: variables.compactMap { environment[$0] }),
                warn: { errors.write("ssh-for-agents chat: \($0)\n") })
        }
        return EditedLines(editor: editor, history: history)
    }

    /// The one-line summary after each task.
    private func report(_ outcome: TurnOutcome, session: ChatSession, to sink: FileDescriptorSink) async {
        let steps = await session.lastSteps
        let calls = await session.toolCalls
        let errors = await session.toolErrors
        let tally =
            "\(steps) step\(steps == 1 ? "" : "s"), \(calls) tool call\(calls == 1 ? "" : "s") (\(errors) error\(errors == 1 ? "" : "s"))"
        switch outcome {
        case .finished: sink.write("— done: \(tally)\n")
        default: sink.write("— \(outcome.reason ?? "stopped"): \(tally)\n")
        }
    }

    static func status(_ outcome: TurnOutcome) -> Int32 {
        switch outcome {
        case .finished: 0
        case .failed: 1
        case .stepLimit: 3
        case .cancelled: 130
        }
    }
}

extension ModelAPI: ExpressibleByArgument {}
