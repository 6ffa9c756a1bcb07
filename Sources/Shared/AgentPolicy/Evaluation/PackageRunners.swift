/// Package managers' and environment managers' run/exec verbs (`npm exec`, `bundle exec`,
/// `uv run`, `conda run -n env`, `rustup run stable`, `direnv exec DIR`), and the runners that are
/// nothing else (`npx`, `uvx`, `bunx`): each runs the command that follows, with the channel as
/// its standard input, so `yarn exec /bin/sh` is a shell on the SSH channel like plain `sh`.
enum PackageRunners {
    struct Runner {
        /// The verbs that run a command; empty: the program itself runs one (`npx CMD`).
        let verbs: NameSet
        /// Options of the run verb that take a value (`conda run -n ENV`).
        let valued: NameSet
        /// Operands between the verb and the command (`rustup run TOOLCHAIN CMD`).
        let leadingOperands: Int
    }

    static let runners: NameTable<Runner> = [
        "npm": Runner(
            verbs: ["exec", "x"], valued: ["-p", "--package", "-c", "--call", "-w", "--workspace"], leadingOperands: 0),
        "npx": Runner(verbs: [], valued: ["-p", "--package", "-c", "--call"], leadingOperands: 0),
        "pnpm": Runner(verbs: ["exec", "dlx"], valued: ["-C", "--dir", "--filter", "-F"], leadingOperands: 0),
        "pnpx": Runner(verbs: [], valued: [], leadingOperands: 0),
        "yarn": Runner(verbs: ["exec", "dlx"], valued: ["-p", "--package"], leadingOperands: 0),
        "bun": Runner(verbs: ["x", "exec"], valued: [], leadingOperands: 0),
        "bunx": Runner(verbs: [], valued: [], leadingOperands: 0),
        "bundle": Runner(verbs: ["exec"], valued: ["--gemfile"], leadingOperands: 0),
        "bundler": Runner(verbs: ["exec"], valued: ["--gemfile"], leadingOperands: 0),
        "cabal": Runner(verbs: ["exec", "run"], valued: ["--project-file"], leadingOperands: 0),
        "stack": Runner(verbs: ["exec"], valued: ["--package"], leadingOperands: 0),
        "uv": Runner(
            verbs: ["run"], valued: ["--with", "--python", "-p", "--directory", "--project", "--package", "--env-file"],
            leadingOperands: 0),
        "uvx": Runner(verbs: [], valued: ["--with", "--from", "--python", "-p"], leadingOperands: 0),
        "pipx": Runner(verbs: ["run"], valued: ["--spec", "--python"], leadingOperands: 0),
        "poetry": Runner(verbs: ["run"], valued: ["-C", "--directory", "-P", "--project"], leadingOperands: 0),
        "pipenv": Runner(verbs: ["run"], valued: [], leadingOperands: 0),
        "pdm": Runner(verbs: ["run"], valued: ["-p", "--project"], leadingOperands: 0),
        "hatch": Runner(verbs: ["run"], valued: ["-e", "--env"], leadingOperands: 0),
        "conda": Runner(verbs: ["run"], valued: ["-n", "--name", "-p", "--prefix", "--cwd"], leadingOperands: 0),
        "mamba": Runner(verbs: ["run"], valued: ["-n", "--name", "-p", "--prefix", "--cwd"], leadingOperands: 0),
        "micromamba": Runner(verbs: ["run"], valued: ["-n", "--name", "-p", "--prefix", "--cwd"], leadingOperands: 0),
        "rustup": Runner(verbs: ["run"], valued: [], leadingOperands: 1),
        "direnv": Runner(verbs: ["exec"], valued: [], leadingOperands: 1),
        "rbenv": Runner(verbs: ["exec"], valued: [], leadingOperands: 0),
        "pyenv": Runner(verbs: ["exec"], valued: [], leadingOperands: 0),
        "asdf": Runner(verbs: ["exec"], valued: [], leadingOperands: 0),
        "mise": Runner(verbs: ["exec", "x"], valued: ["-C", "--cd"], leadingOperands: 0),
        "fnm": Runner(verbs: ["exec"], valued: ["--using"], leadingOperands: 0),
        "volta": Runner(verbs: ["run"], valued: ["--node", "--npm", "--yarn"], leadingOperands: 0),
        "devbox": Runner(verbs: ["run"], valued: ["-c", "--config"], leadingOperands: 0),
        "toolbox": Runner(verbs: ["run"], valued: ["-c", "--container"], leadingOperands: 0),
        "distrobox": Runner(verbs: ["enter"], valued: ["-n", "--name"], leadingOperands: 0),
        "task": Runner(verbs: ["execute"], valued: [], leadingOperands: 0),
        "ccache": Runner(verbs: [], valued: [], leadingOperands: 0),
        "distcc": Runner(verbs: [], valued: [], leadingOperands: 0),
        "icecc": Runner(verbs: [], valued: [], leadingOperands: 0),
    ]

    static func unwrap(_ invocation: Invocation) -> Launch? {
        if let launch = nix(invocation) { return launch }
        guard let runner = runners[invocation.program] else { return nil }
        var rest = invocation.words
        if !runner.verbs.isEmpty {
            guard let call = invocation.call, runner.verbs.contains(call.verb) else {
                if ["pipenv", "poetry"].contains(invocation.program), invocation.call?.verb == "shell" {
                    return .finding(
                        .shellInteractive,
                        message: "\(invocation.program) shell starts a shell that reads commands from the SSH channel")
                }
                return nil
            }
            rest = call.arguments
        }
        let start = OptionScanner(rest, valued: runner.valued).scan().operandIndex + runner.leadingOperands
        guard start < rest.count else {
            return invocation.program == "distrobox"
                ? .finding(.shellInteractive, message: "distrobox enter starts a shell that reads commands from the SSH channel")
                : nil
        }
        return .command(Array(rest[start...]), [])
    }

    /// `nix-shell --run CODE`, `nix develop -c CMD…`; without them, an interactive shell.
    private static func nix(_ invocation: Invocation) -> Launch? {
        let words = invocation.words
        switch invocation.program {
        case "nix-shell":
            if let code = invocation.optionValues(long: ["--run", "--command"]).first {
                return .code(code.text, origin: "nix-shell --run")
            }
            if words.contains(where: { $0.text == "-i" || $0.text.hasPrefix("#!") }) { return nil }
            return .finding(.shellInteractive, message: "nix-shell without --run starts a shell that reads the SSH channel")
        case "nix":
            guard let call = invocation.call, ["develop", "shell"].contains(call.verb) else { return nil }
            if let flag = call.arguments.firstIndex(where: { $0.text == "-c" || $0.text == "--command" }),
                flag + 1 < call.arguments.count
            {
                return .command(Array(call.arguments[(flag + 1)...]), [])
            }
            return .finding(
                .shellInteractive, message: "nix \(call.verb) without --command starts a shell that reads the SSH channel")
        default:
            return nil
        }
    }
}
