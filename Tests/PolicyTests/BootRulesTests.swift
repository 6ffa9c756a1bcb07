import AgentPolicy
import XCTest

/// The boot chain (`Rules/BootRules.swift`): found by red-teaming, `grub-install /dev/sda`,
/// `efibootmgr -b 0000 -B` and `update-initramfs -u` were allowed as unknown programs.
final class BootRulesTests: XCTestCase {
    func testBootChangesNeedConfirmation() {
        assertVerdicts([
            ("grub-install /dev/sda", .confirm(.bootChange)), ("sudo update-grub", .confirm(.bootChange)),
            ("efibootmgr -b 0000 -B", .confirm(.bootChange)), ("efibootmgr -o 0001,0000", .confirm(.bootChange)),
            ("dracut -f", .confirm(.bootChange)), ("update-initramfs -u -k all", .confirm(.bootChange)),
            ("bootctl install", .confirm(.bootChange)), ("grub-reboot 2", .confirm(.bootChange)),
            ("grub-editenv /boot/grub/grubenv unset next_entry", .confirm(.bootChange)),
            ("efibootmgr", .allow), ("efibootmgr -v", .allow), ("bootctl status", .allow), ("update-grub --help", .allow),
        ])
    }

    func testBootListingsAreReadonly() {
        assertVerdicts(
            [
                ("efibootmgr -v", .allow), ("bootctl list", .allow), ("efibootmgr -B -b 0001", .block(.bootChange)),
                ("grub-install /dev/sda", .block(.bootChange)),
            ], mode: .readonly)
    }
}
