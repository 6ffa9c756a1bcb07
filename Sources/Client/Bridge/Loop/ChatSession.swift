import AgentContracts
import AgentTools
import Foundation

/// The tool-calling loop: send the conversation, stream the reply, run the tools it asks for
/// (through the same `ToolTable` as the MCP server), answer each call, and go again until the
/// model answers in words or `maxSteps` requests were made. One session keeps its conversation
/// across prompts (the interactive mode).
public actor ChatSession {
    public static let defaultMaxSteps = 20

    public static let systemPrompt = """
        You work on remote machines over SSH through the tools you are given. Start with list_hosts \
        to see the hosts. Call tools only through function calling, never by writing a call as text. \
        Commands that need confirmation are shown to the human at the terminal, who approves or \
        refuses them; never set confirm yourself. When a tool answers with an error, read it and fix \
        the call instead of repeating it. When the task is done, answer briefly in plain words.
        """

    private let client: ModelServerClient
    private let table: ToolTable
    private let context: ToolCallContext
    private let display: any ChatDisplay
    private let maxSteps: Int
    private var messages: [ChatMessage]
    public private(set) var transcript = Transcript()
    /// Tool calls made in the last task, and how many of them were errors.
    public private(set) var toolCalls = 0
    public private(set) var toolErrors = 0
    /// Model requests made in the last task.
    public private(set) var lastSteps = 0

    /// `human`: nil when there is no terminal; commands that need confirmation are then refused.
    public init(
        client: ModelServerClient, table: ToolTable, human: (any HumanChannel)?,
        display: any ChatDisplay, maxSteps: Int = ChatSession.defaultMaxSteps,
        systemPrompt: String = ChatSession.systemPrompt
    ) {
        self.client = client
        self.table = table
        // Always a human channel, never nil: with nil, the tools would fall back to the host's
        // `confirmation: flag` setting and accept the model's own `confirm: true`.
        context = ToolCallContext(human: TerminalConfirmer(human: human))
        self.display = display
        self.maxSteps = max(1, maxSteps)
        messages = [.system(systemPrompt)]
    }

    /// Runs one task to its end. Cancelling the calling task ends it (and any remote command).
    public func send(_ prompt: String) async -> TurnOutcome {
        messages.append(.user(prompt))
        transcript.user(prompt)
        let outcome = await runSteps()
        transcript.outcome(outcome, steps: lastSteps)
        return outcome
    }

    private func runSteps() async -> TurnOutcome {
        var screen = ToolCallScreen(table: table)
        lastSteps = 0
        toolCalls = 0
        toolErrors = 0
        for step in 1...maxSteps {
            lastSteps = step
            let reply: ModelReply
            do {
                let display = display
                reply = try await client.reply(messages: messages, tools: table.tools) { piece in
                    await display.assistantText(piece)
                }
            } catch is CancellationError {
                await display.endOfReply()
                return .cancelled
            } catch let error as ModelServerError {
                await display.endOfReply()
                return .failed(error)
            } catch {
                await display.endOfReply()
                return .failed(.streamFailed("\(error)"))
            }
            await display.endOfReply()
            messages.append(.assistant(text: reply.text, toolCalls: reply.toolCalls))
            transcript.assistant(reply)

            if reply.toolCalls.isEmpty {
                guard let name = TextToolCall.toolName(in: reply.text, tools: table.names) else {
                    return .finished(reply.text)
                }
                if step == maxSteps { break }
                // No call id to answer, so the correction goes back as the user's turn.
                let note =
                    "[ssh-for-agents] You wrote a call to \(name) as text, so it did not run. Tools run "
                    + "only through function calling (the tools of this request): call \(name) that way, "
                    + "or answer in plain words if you are done."
                await display.notice("text tool call: \(name) written as text, not run; told the model")
                messages.append(.user(note))
                transcript.notice(note)
                continue
            }
            if step == maxSteps {
                await answerUnrun(reply.toolCalls, "not run: this task reached its limit of \(maxSteps) steps")
                break
            }
            for (index, call) in reply.toolCalls.enumerated() {
                if Task.isCancelled {
                    await answerUnrun(Array(reply.toolCalls[index...]), "not run: the human interrupted this task")
                    return .cancelled
                }
                await display.toolCall(Self.shown(call))
                transcript.toolCall(call)
                guard let answer = await answer(call, screen: &screen) else {
                    await answerUnrun(Array(reply.toolCalls[index...]), "not run: the human interrupted this task")
                    return .cancelled
                }
                await record(call, answer)
            }
        }
        return .stepLimit(maxSteps)
    }

    /// Runs one call (or refuses it); nil when the task was cancelled while it ran.
    private func answer(_ call: ModelToolCall, screen: inout ToolCallScreen) async -> ToolAnswer? {
        switch screen.screen(call) {
        case .refuse(let message):
            return .refusal(message)
        case .run(let tool, let arguments):
            do {
                switch try await tool.run(arguments, context: context) {
                case .complete(let result):
                    return ToolAnswer(
                        content: result.isError ? "error: " + result.text : result.text,
                        isError: result.isError, structured: result.structured, refusedByBridge: false)
                case .inputRequired:
                    // TerminalConfirmer never answers `.pending`; kept total rather than trapped.
                    return .refusal("this command needs a human's approval, which this bridge could not get")
                }
            } catch is CancellationError {
                return nil
            } catch let error as InvalidToolCall {
                return .refusal("\(error.message). " + ToolCallScreen.usage(of: tool))
            } catch {
                if Task.isCancelled { return nil }
                return ToolAnswer(content: "error: \(error)", isError: true, structured: nil, refusedByBridge: false)
            }
        }
    }

    private func record(_ call: ModelToolCall, _ answer: ToolAnswer) async {
        toolCalls += 1
        if answer.isError { toolErrors += 1 }
        messages.append(.tool(callID: call.id, name: call.name, content: answer.content))
        transcript.toolAnswer(call, answer)
        await display.toolAnswer(Self.summary(answer.content), isError: answer.isError)
    }

    /// Every call of an assistant message gets an answer, even the ones not run: OpenAI-compatible
    /// servers refuse a conversation with an unanswered call.
    private func answerUnrun(_ calls: [ModelToolCall], _ reason: String) async {
        for call in calls {
            transcript.toolCall(call)
            await record(call, .refusal(reason))
        }
    }

    /// `run_command sandbox: rm -rf /tmp/x`, other tools with their arguments as JSON.
    static func shown(_ call: ModelToolCall) -> String {
        let arguments = ArgumentsRepair.object(call.arguments)
        if let arguments, let host = arguments["host"]?.stringValue, let command = arguments["command"]?.stringValue {
            return "\(call.name) \(host): " + VisibleText(command, keepNewlines: false).text
        }
        let text = arguments.map { ToolValue.object($0).jsonText } ?? call.arguments.jsonText
        return VisibleText("\(call.name) \(text)", keepNewlines: false).capped(300).text
    }

    /// The first line of an answer, short enough for one terminal line.
    static func summary(_ content: String) -> String {
        let first = content.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        return VisibleText(first, keepNewlines: false).capped(200).text
    }
}
