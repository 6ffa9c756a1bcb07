import AgentPolicy
import XCTest

/// Report modes of admin tools (`Rules/ReadonlyAdminTools.swift`), found by red-teaming as
/// readonly false alarms; each sits next to a changing mode of the same tool that stays blocked.
final class ReadonlyAdminToolsTests: XCTestCase {
    func testReportModesAreAllowed() {
        assertVerdicts(
            [
                ("nginx -t", .allow), ("nginx -T -c /etc/nginx/nginx.conf", .allow), ("apachectl -S", .allow),
                ("ethtool eth0", .allow), ("ethtool -i eth0", .allow), ("bridge link", .allow), ("nmcli dev status", .allow),
                ("swapon --show", .allow), ("ssh -V", .allow), ("java -version", .allow), ("php -v", .allow),
                ("iptables-save", .allow), ("conntrack -L", .allow), ("auditctl -l", .allow), ("chage -l deploy", .allow),
                ("mdadm --detail /dev/md0", .allow), ("smartctl -a /dev/sda", .allow), ("nvme list", .allow),
                ("crictl ps", .allow), ("terraform version", .allow), ("terraform state list", .allow),
                ("certbot certificates", .allow), ("crontab -l -u deploy", .allow), ("crontab -u deploy -l", .allow),
            ], mode: .readonly)
    }

    func testChangingModesStayBlocked() {
        assertVerdicts(
            [
                ("nginx", .block(.readonlyNotAllowed)), ("nginx -g 'daemon off;'", .block(.readonlyNotAllowed)),
                ("ethtool -K eth0 tso off", .block(.readonlyNotAllowed)), ("bridge link set dev x", .block(.readonlyNotAllowed)),
                ("nmcli con down x", .block(.networkConfigChange)), ("ssh host", .block(.readonlyNotAllowed)),
                ("java -jar x.jar", .block(.readonlyNotAllowed)), ("php x.php", .block(.readonlyNotAllowed)),
                ("iptables-save -f /tmp/rules", .block(.readonlyNotAllowed)), ("conntrack -F", .block(.readonlyNotAllowed)),
                ("chage -M 9 deploy", .block(.readonlyNotAllowed)), ("smartctl -t long /dev/sda", .block(.readonlyNotAllowed)),
                ("crictl rm x", .block(.readonlyNotAllowed)), ("terraform apply", .block(.infrastructureDestroy)),
                ("certbot renew", .block(.readonlyNotAllowed)), ("crontab -u deploy -r", .block(.scheduleChange)),
            ], mode: .readonly)
    }
}
