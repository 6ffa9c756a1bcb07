/// An open-addressing hash index over a list of names: name → its last position in the list.
/// FNV-1a, not `Hasher`: these lists hold only our own literals, so a keyed hash buys nothing,
/// and SipHash over the ~3,000 literals of the policy's tables was a third of the enforcer's
/// instructions (callgrind).
struct NameIndex: Sendable {
    /// The name's hash (never 0; 0 marks an empty slot) and its position, at most half full.
    private var slotHashes: [UInt64]
    private var slotPositions: [Int32]
    private var used = 0

    init(_ names: [String]) {
        var capacity = 8
        while capacity < names.count * 2 { capacity <<= 1 }
        slotHashes = Array(repeating: 0, count: capacity)
        slotPositions = Array(repeating: 0, count: capacity)
        for position in names.indices { add(names[position], at: position, in: names) }
    }

    /// The last position of `name` in `names` (the list this index was built over).
    func position(of name: String, in names: [String]) -> Int? {
        let hash = Self.hash(name)
        let mask = slotHashes.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slotHashes[slot]
            if stored == 0 { return nil }
            if stored == hash {
                let position = Int(slotPositions[slot])
                if names[position] == name { return position }
            }
            slot = (slot + 1) & mask
        }
    }

    /// `names[position]` was just appended (`names` already holds it).
    mutating func add(_ name: String, at position: Int, in names: [String]) {
        if (used + 1) * 2 > slotHashes.count {
            self = NameIndex(names)
            return
        }
        let hash = Self.hash(name)
        let mask = slotHashes.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slotHashes[slot]
            if stored == 0 { break }
            if stored == hash, names[Int(slotPositions[slot])] == name {
                slotPositions[slot] = Int32(position)
                return
            }
            slot = (slot + 1) & mask
        }
        slotHashes[slot] = hash
        slotPositions[slot] = Int32(position)
        used += 1
    }

    /// FNV-1a (64 bit) over the UTF-8 bytes, the high bits folded into the low ones that pick
    /// the slot, never 0.
    static func hash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return (hash ^ (hash >> 29)) | 1
    }
}
