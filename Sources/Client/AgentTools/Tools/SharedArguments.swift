/// Arguments several tools take, described the same way everywhere.
enum SharedArguments {
    static let host: ToolValue = ["type": "string", "description": "Host alias from list_hosts."]
    static let remotePath: ToolValue = [
        "type": "string", "description": "Absolute path, or relative to the account's home directory.",
    ]
}
