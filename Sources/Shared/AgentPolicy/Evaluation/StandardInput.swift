/// Names a program can be given to read its script from standard input instead of a file.
enum StandardInput {
    static let names: NameSet = ["-", "/dev/stdin", "/proc/self/fd/0", "/dev/fd/0"]
}
