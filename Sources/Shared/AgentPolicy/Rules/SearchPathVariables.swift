/// Search-path variables beyond the linker's and the shells' (`EnvironmentRules.redirecting`):
/// where a tool finds the programs it runs (`GROFF_BIN_PATH=. nroff` runs `./groff`), the code it
/// loads (`CLASSPATH`, `LUA_PATH`) or its plugins. Judged by value like PATH: only root-owned
/// system directories are harmless.
enum SearchPathVariables {
    static let names: NameSet = [
        "CLASSPATH", "LUA_PATH", "LUA_CPATH", "TCLLIBPATH", "GUILE_LOAD_PATH", "PYTHONHOME", "DYLD_LIBRARY_PATH",
        "DYLD_FRAMEWORK_PATH", "GEM_PATH", "RUBYPATH", "PHP_INI_SCAN_DIR", "R_LIBS", "R_LIBS_USER", "OCAMLPATH",
        "GCONV_PATH", "LD_RUN_PATH", "COMPILER_PATH", "GCC_EXEC_PREFIX",
    ]
    /// The conventions tools follow for such variables (`GROFF_BIN_PATH`, `QT_PLUGIN_PATH`).
    static let suffixes = ["_BIN_PATH", "_EXEC_PATH", "_LIBEXEC_PATH", "_PLUGIN_PATH", "_LIBRARY_PATH", "_MODULE_PATH"]

    static func contains(_ name: String) -> Bool {
        names.contains(name) || (name.hasSuffix("_PATH") && suffixes.contains { name.hasSuffix($0) })
    }
}
