/// The boot chain: the boot loader, its menu and firmware entries, and the initramfs. A mistake
/// here leaves a machine that does not come back after its next reboot, where no SSH session
/// can repair it, so a human approves each change. Listing the configuration is a read.
enum BootRules {
    /// Programs whose every run (except asking for help) rewrites part of the boot chain.
    static let writers: NameSet = [
        "grub-install", "grub2-install", "grub-mkconfig", "grub2-mkconfig", "update-grub", "update-grub2", "grub-reboot",
        "grub2-reboot", "grub-set-default", "grub2-set-default", "grub-mkstandalone", "grub-bios-setup", "dracut",
        "mkinitcpio", "update-initramfs", "mkinitramfs", "mkinitrd", "kernel-install", "installkernel", "lilo",
        "extlinux", "syslinux", "update-extlinux", "zipl", "sbctl", "plymouth-set-default-theme",
    ]
    /// `bootctl` and `grub-editenv` verbs that only report.
    static let bootctlReads: NameSet = ["status", "list", "is-installed", "random-seed-status", "help", ""]

    static func changesBoot(_ invocation: Invocation) -> Bool {
        if invocation.onlyAsksForHelp { return false }
        switch invocation.program {
        case "efibootmgr":
            // With no options it lists; `-v` lists verbosely. Any other option creates, deletes,
            // reorders or activates an entry.
            return invocation.words.contains {
                $0.text.hasPrefix("-") && !["-v", "--verbose", "-q", "--quiet"].contains($0.text)
            }
        case "bootctl":
            return !bootctlReads.contains(invocation.operands.first?.text ?? "")
        case "grub-editenv", "grub2-editenv":
            return !invocation.words.contains { $0.text == "list" }
        case "sbctl":
            return !["status", "list-files", "list-enrolled-keys", "verify"].contains(invocation.operands.first?.text ?? "")
        default:
            return writers.contains(invocation.program)
        }
    }

    static let rules: [Rule] = [
        Rule(.bootChange, programs: Array(writers) + ["efibootmgr", "bootctl", "grub-editenv", "grub2-editenv"]) {
            invocation in
            changesBoot(invocation)
                ? "\(invocation.program) changes how the machine boots; a mistake shows only at the next reboot" : nil
        }
    ]
}
