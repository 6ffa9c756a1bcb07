/// The enforcer's own version, reported by the probe and `--version`.
public enum EnforcerVersion {
    public static let current = "0.1.0"
}
