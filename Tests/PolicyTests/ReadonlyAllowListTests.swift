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
        assertVerdicts(
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
        assertVerdicts(
            [
                ("git -c core.pager=evil log", .block(.readonlyNotAllowed)),
                ("awk '{print > \"/tmp/x\"}' f", .block(.readonlyNotAllowed)),
                ("awk '{printf \"%s\", $0 >> \"/etc/x\"}' f", .block(.awkWriteSystemPath)),
                ("git branch newbranch", .block(.readonlyNotAllowed)), ("git branch -D main", .block(.gitBranchForceDelete)),
                ("git tag v1.0", .block(.readonlyNotAllowed)),
                ("openssl rand -out /tmp/r 32", .block(.readonlyNotAllowed)),
            ], mode: .readonly)
    }

    /// Found by a false-alarm hunt (session 2): everyday commands the policy flagged. Each fix
    /// keeps the dangerous neighbours flagged; both sides are pinned.
    ///
    /// Read-only verbs readonly mode lacked, each next to a sibling that writes.
    func testReadOnlyVerbsAndTheirWritingSiblings() {
        assertVerdicts(
            [
                ("kubectl rollout status deploy/web", .allow),
                ("kubectl rollout restart deploy/web", .block(.kubernetesDestructive)),
                ("docker network inspect bridge", .allow),
                ("docker compose config", .block(.readonlyNotAllowed)), // `config -o FILE` writes; left out of readonly
                ("helm list -A", .allow), ("helm uninstall web", .block(.kubernetesDestructive)), ("ufw status", .allow),
                ("ufw disable", .block(.firewallFrontend)),
                ("nft list ruleset", .allow),
                ("nft flush ruleset", .block(.firewallNft)), ("service nginx status", .allow),
                ("service nginx restart", .block(.servicesServiceChange)),
                ("iptables -L -n", .allow),
                ("iptables -F", .block(.firewallChange)), ("sysctl net.core.somaxconn", .allow),
                ("sysctl -w net.x=1", .block(.kernelSysctlWrite)),
                ("unzip -l a.zip", .allow),
                ("unzip a.zip", .block(.readonlyNotAllowed)), ("gzip -l a.gz", .allow),
                ("gzip big.log", .block(.readonlyNotAllowed)), ("yq '.a' f.yaml", .allow),
                ("yq -i '.a=1' f.yaml", .block(.readonlyNotAllowed)),
                ("lsb_release -a", .allow), ("uuidgen", .allow), ("shellcheck s.sh", .allow),
            ], mode: .readonly)
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    func testHiddenExecutionAndWrites() {
        assertVerdicts(
            [
                ("fdfind . / -x rm -rf", .block(.rmAny)), ("npm audit fix", .block(.packagesAuditFix)),
                ("git grep --open-files-in-pager='rm -rf ~' foo", .block(.rmRecursiveSystemPath)),
                ("sed -Ei 's/a/b/' config.txt", .block(.readonlyNotAllowed)),
                ("sed --in 's/a/b/' f", .block(.readonlyNotAllowed)), ("sort --o=/tmp/x f", .block(.readonlyNotAllowed)),
                ("cat /proc/self/root/etc/shadow", .block(.secretsRead)),
            ], mode: .readonly)
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// The second round: output options of readers, and `git clean -e -n`.
    func testOutputOptionsAndBatchFiles() {
        assertVerdicts(
            [
                ("info -o FILE ls", .block(.readonlyNotAllowed)), ("ip -b /tmp/cmds", .block(.readonlyNotAllowed)),
                ("git clean -fdx -e -n", .block(.gitCleanForce)),
            ], mode: .readonly)
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// The third round: bash array subscripts, readers' dump and index files.
    func testSubscriptsDumpsAndIndexFiles() {
        assertVerdicts(
            [
                ("printf -v 'x[$(rm -rf ~)]' %s 1", .block(.rmRecursiveSystemPath)),
                ("tar -tvf a.tar --index-file=/tmp/idx", .block(.readonlyNotAllowed)),
                ("lshw -dump /tmp/x.db", .block(.readonlyNotAllowed)),
                ("borg check --repair /repo", .block(.backupDestructive)),
            ], mode: .readonly)
    }

    /// From the red-team pass (session 2): what its fixes must leave alone.
    func testEverydayReadsStayAllowed() {
        assertVerdicts(
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
        assertVerdicts(
            [
                ("awk 'BEGIN { system (\"id\") }'", .block(.awkRunsCommand)),
                ("sysctl -f /tmp/evil.conf", .block(.kernelSysctlWrite)),
                ("awk '/\"/ { print > \"/tmp/x\" }' f", .block(.readonlyNotAllowed)),
                ("awk '# \"\n{ print > \"/tmp/x\" }' f", .block(.readonlyNotAllowed)),
                ("awk '{ print $0 \\\n> \"/tmp/x\" }' f", .block(.readonlyNotAllowed)),
                ("awk '{ print $1,\n$2 > \"/tmp/x\" }' f", .block(.readonlyNotAllowed)),
                ("awk '{ print $0 ~ /;/ > \"/tmp/x\" }' f", .block(.readonlyNotAllowed)),
                ("unzip x.zip -x -l", .block(.readonlyNotAllowed)),
                ("yq --in-place . f.yaml", .block(.readonlyNotAllowed)),
                ("docker compose config -o /tmp/out.yml", .block(.readonlyNotAllowed)),
                ("service ../../tmp/evil status", .block(.readonlyNotAllowed)),
                ("nft list ruleset \\; flush ruleset", .block(.readonlyNotAllowed)),
            ], mode: .readonly)
    }

    /// Commands a security review found slipping through; each row now holds.
    func testReadonlyRefusesHiddenWrites() {
        assertVerdicts(
            [
                ("uniq f /tmp/o", .block(.readonlyNotAllowed)), ("uniq f", .allow), ("xxd f /tmp/o", .block(.readonlyNotAllowed)),
                ("xxd f", .allow),
                ("tree -o /tmp/o", .block(.readonlyNotAllowed)),
                ("less -o /tmp/o f", .block(.readonlyNotAllowed)), ("openssl req -new -out /tmp/o", .block(.readonlyNotAllowed)),
                ("openssl x509 -in c.pem -noout -text", .allow),
                ("ssh-keygen -f /tmp/k -N ''", .block(.readonlyNotAllowed)), ("ssh-keygen -lf key.pub", .allow),
                ("go env -w GOFLAGS=x", .block(.readonlyNotAllowed)),
                ("date -s '2020-01-01'", .block(.systemSettingsChange)), ("date", .allow),
                ("man -P id ls", .block(.readonlyNotAllowed)),
                ("awk -i inplace '{print}' f", .block(.awkWriteSystemPath)),
            ], mode: .readonly)
    }

    /// Admin reads that readonly blocked (found by red-teaming), each next to a changing verb of
    /// the same tool that stays blocked.
    func testStatusToolsOfStorageNetworkAndCloud() {
        assertVerdicts(
            [
                ("lsmod", .allow), ("getfacl /srv", .allow), ("getenforce", .allow), ("aa-status", .allow), ("atq", .allow),
                ("pvs", .allow), ("lvs -a", .allow), ("zpool status", .allow), ("zfs list -t snapshot", .allow),
                ("zfs destroy tank/x", .block(.disksVolumeChange)), ("networkctl status", .allow),
                ("networkctl down eth0", .block(.networkConfigChange)), ("resolvectl status", .allow),
                ("resolvectl dns eth0 1.1.1.1", .block(.networkConfigChange)), ("systemd-analyze blame", .allow),
                ("gcloud compute instances list", .allow), ("gcloud config list", .allow),
                ("gcloud --project prod compute instances describe web", .allow), ("az vm list -o table", .allow),
                ("gcloud secrets list", .block(.readonlyNotAllowed)),
                ("gcloud compute instances delete web", .block(.cloudDestructive)),
                ("az keyvault secret list --vault-name v", .block(.readonlyNotAllowed)),
            ], mode: .readonly)
    }

    /// More admin reads readonly blocked (found by red-teaming); `find -exec` is judged by the
    /// command it runs, which readonly checks like any other.
    func testPackageListingsAndFindExecOfReads() {
        assertVerdicts(
            [
                ("find /etc -name '*.conf' -exec grep -l Listen {} +", .allow), ("find . -execdir cat {} +", .allow),
                ("find . -exec rm {} \\;", .block(.rmAny)), ("find . -exec touch {} +", .block(.readonlyNotAllowed)),
                ("git ls-remote origin", .allow), ("lastb", .allow), ("yum list installed", .allow),
                ("dnf history", .allow), ("dnf history undo 3", .block(.readonlyNotAllowed)), ("snap list", .allow),
                ("snap install x", .block(.packagesChange)), ("doctl compute droplet list", .allow),
            ], mode: .readonly)
    }

    /// `git -c` with a display-only key is a read (found by red-teaming: blocked); a key that
    /// runs a program is not, even next to one.
    func testGitDisplaySettingsInReadonly() {
        assertVerdicts(
            [
                ("git -c color.ui=never log -5", .allow), ("git -c core.quotepath=off status", .allow),
                ("git -ccolor.ui=never log", .allow), ("git -c core.pager=less log", .block(.readonlyNotAllowed)),
                ("git -c color.ui=never -c core.pager='rm -rf /' log", .block(.rmRoot)),
                ("git --config-env=diff.external=C log", .block(.readonlyNotAllowed)),
                ("git --config-env=color.ui=C log", .allow),
            ], mode: .readonly)
    }
}
