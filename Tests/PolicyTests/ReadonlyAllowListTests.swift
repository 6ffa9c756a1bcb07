import AgentPolicy
import XCTest

/// readonly mode: the read-only programs and the options that would make them write or run
/// something else (`Rules/ReadonlyAllowList.swift`). Every row here is in readonly mode.
final class ReadonlyAllowListTests: XCTestCase {
    /// Found by a false-alarm hunt (session 2): everyday commands the policy flagged. Each fix
    /// keeps the dangerous neighbours flagged; both sides are pinned.
    ///
    /// In readonly: `git log -p`, `git branch --contains`, awk comparisons, `openssl rand`.
    func testEverydayReadsAllowed() {
        assertDecisions(
            [
                ("ls -1 | while IFS= read -r n; do echo \"$n\"; done", .allow), ("git log -p", .allow),
                ("git show -p HEAD", .allow),
                ("git cat-file -p HEAD", .allow), ("git branch --contains abc123", .allow), ("git branch --merged main", .allow),
                ("git tag --contains abc123", .allow), ("git tag --points-at HEAD", .allow),
                ("awk '$9 >= 500' access.log", .allow),
                ("awk 'NR > 1' f", .allow), ("awk -F: '$3 >= 1000 {print $1}' /etc/passwd", .allow),
                ("awk '{ if (length($0) > 120) print FILENAME\": \"FNR }' app.py", .allow), ("openssl rand -base64 32", .allow),
            ], mode: .readonly)
    }

    /// From the false-alarm hunt (session 2): what must stay flagged next to the everyday commands
    /// it allowed.
    func testTheirWritingNeighbours() {
        assertDecisions(
            [
                ("git -c core.pager=evil log", .block), ("awk '{print > \"/tmp/x\"}' f", .block),
                ("awk '{printf \"%s\", $0 >> \"/etc/x\"}' f", .block),
                ("git branch newbranch", .block), ("git branch -D main", .block), ("git tag v1.0", .block),
                ("openssl rand -out /tmp/r 32", .block),
            ], mode: .readonly)
    }

    /// Found by a false-alarm hunt (session 2): everyday commands the policy flagged. Each fix
    /// keeps the dangerous neighbours flagged; both sides are pinned.
    ///
    /// Read-only verbs readonly mode lacked, each next to a sibling that writes.
    func testReadOnlyVerbsAndTheirWritingSiblings() {
        assertDecisions(
            [
                ("kubectl rollout status deploy/web", .allow), ("kubectl rollout restart deploy/web", .block),
                ("docker network inspect bridge", .allow),
                ("docker compose config", .block), // `config -o FILE` writes; left out of readonly
                ("helm list -A", .allow), ("helm uninstall web", .block), ("ufw status", .allow), ("ufw disable", .block),
                ("nft list ruleset", .allow),
                ("nft flush ruleset", .block), ("service nginx status", .allow), ("service nginx restart", .block),
                ("iptables -L -n", .allow),
                ("iptables -F", .block), ("sysctl net.core.somaxconn", .allow), ("sysctl -w net.x=1", .block),
                ("unzip -l a.zip", .allow),
                ("unzip a.zip", .block), ("gzip -l a.gz", .allow), ("gzip big.log", .block), ("yq '.a' f.yaml", .allow),
                ("yq -i '.a=1' f.yaml", .block),
                ("lsb_release -a", .allow), ("uuidgen", .allow), ("shellcheck s.sh", .allow),
            ], mode: .readonly)
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    func testHiddenExecutionAndWrites() {
        assertDecisions(
            [
                ("fdfind . / -x rm -rf", .block), ("npm audit fix", .block),
                ("git grep --open-files-in-pager='rm -rf ~' foo", .block),
                ("sed -Ei 's/a/b/' config.txt", .block), ("sed --in 's/a/b/' f", .block), ("sort --o=/tmp/x f", .block),
                ("cat /proc/self/root/etc/shadow", .block),
            ], mode: .readonly)
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// The second round: output options of readers, and `git clean -e -n`.
    func testOutputOptionsAndBatchFiles() {
        assertDecisions(
            [
                ("info -o FILE ls", .block), ("ip -b /tmp/cmds", .block), ("git clean -fdx -e -n", .block),
            ], mode: .readonly)
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// The third round: bash array subscripts, readers' dump and index files.
    func testSubscriptsDumpsAndIndexFiles() {
        assertDecisions(
            [
                ("printf -v 'x[$(rm -rf ~)]' %s 1", .block), ("tar -tvf a.tar --index-file=/tmp/idx", .block),
                ("lshw -dump /tmp/x.db", .block),
                ("borg check --repair /repo", .block),
            ], mode: .readonly)
    }

    /// From the red-team pass (session 2): what its fixes must leave alone.
    func testEverydayReadsStayAllowed() {
        assertDecisions(
            [
                ("sed -n '1,20p' /etc/hosts", .allow), ("sed -E 's/a/b/' file.txt", .allow), ("sort --unique file.txt", .allow),
                ("fd -e py src", .allow), ("journalctl -u nginx -n 50", .allow),
            ], mode: .readonly)
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// A conservative awk output scanner; unzip, yq, docker compose, service and nft entries
    /// tightened.
    func testRelaxedEntriesTightened() {
        assertDecisions(
            [
                ("awk 'BEGIN { system (\"id\") }'", .block), ("sysctl -f /tmp/evil.conf", .block),
                ("awk '/\"/ { print > \"/tmp/x\" }' f", .block),
                ("awk '# \"\n{ print > \"/tmp/x\" }' f", .block), ("awk '{ print $0 \\\n> \"/tmp/x\" }' f", .block),
                ("awk '{ print $1,\n$2 > \"/tmp/x\" }' f", .block), ("awk '{ print $0 ~ /;/ > \"/tmp/x\" }' f", .block),
                ("unzip x.zip -x -l", .block),
                ("yq --in-place . f.yaml", .block), ("docker compose config -o /tmp/out.yml", .block),
                ("service ../../tmp/evil status", .block),
                ("nft list ruleset \\; flush ruleset", .block),
            ], mode: .readonly)
    }

    /// Commands a security review found slipping through; each row now holds.
    func testReadonlyRefusesHiddenWrites() {
        assertDecisions(
            [
                ("uniq f /tmp/o", .block), ("uniq f", .allow), ("xxd f /tmp/o", .block), ("xxd f", .allow),
                ("tree -o /tmp/o", .block),
                ("less -o /tmp/o f", .block), ("openssl req -new -out /tmp/o", .block),
                ("openssl x509 -in c.pem -noout -text", .allow),
                ("ssh-keygen -f /tmp/k -N ''", .block), ("ssh-keygen -lf key.pub", .allow), ("go env -w GOFLAGS=x", .block),
                ("date -s '2020-01-01'", .block), ("date", .allow), ("man -P id ls", .block),
                ("awk -i inplace '{print}' f", .block),
            ], mode: .readonly)
    }
}
