/// Which wire format the model server speaks.
public enum ModelAPI: String, Sendable, CaseIterable {
    /// Ollama's native `/api/chat`: newline-delimited JSON, tool arguments as objects.
    case ollama
    /// `/v1/chat/completions` (llama.cpp's server, LM Studio, vLLM, Ollama's `/v1`): server-sent
    /// events, tool-call deltas by index, arguments as a JSON string.
    case openai

    var wire: any ModelWire {
        switch self {
        case .ollama: OllamaWire()
        case .openai: OpenAIWire()
        }
    }
}
