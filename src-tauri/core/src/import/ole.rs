//! An OLE compound file (the container of an `.xls` workbook, and of a password-protected `.xlsx` one) checked before
//! calamine reads it. calamine follows the file's sector chains as written: a chain that points past the end of the
//! file makes it index out of bounds, and a chain that loops makes it read forever. This module follows every chain
//! calamine will follow (the DIFAT, the FAT, the directory, the mini stream and its table, the workbook stream),
//! exactly as calamine does, and refuses the file if one leaves the file or never ends. It also tells an encrypted
//! workbook (`EncryptionInfo` / `EncryptedPackage` streams) from a BIFF one.

/// What a sound container holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Container {
    /// An Office-encrypted workbook (Excel's "encrypt with password").
    Encrypted,
    /// A BIFF workbook (`Workbook` or `Book` stream).
    Workbook,
}

const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED: u32 = 0xFFFF_FFFA;
const MINI_SECTOR: usize = 64;
const MINI_CUTOFF: usize = 4096;
const ENTRY: usize = 128;

/// Checks a whole OLE file; `Err` says in English what is broken (for the detail of the "damaged" message).
pub(super) fn check(bytes: &[u8]) -> Result<Container, &'static str> {
    if bytes.len() < 512 || bytes[..8] != MAGIC {
        return Err("not an OLE compound file");
    }
    let sector = match u16_at(bytes, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Err("bad sector size"),
    };
    if u16_at(bytes, 32) != Some(6) || bytes.len() < sector {
        return Err("bad header");
    }
    let body = Sectors { bytes: &bytes[sector..], size: sector };
    let count = body.count();

    // The FAT sectors: 109 in the header, the rest in the DIFAT chain (each DIFAT sector's last entry is the next).
    let mut difat: Vec<u32> = u32s(&bytes[76..512]).collect();
    let mut next = u32_at(bytes, 68).ok_or("bad header")?;
    let mut steps = 0;
    while next < RESERVED {
        steps += 1;
        if steps > count {
            return Err("the DIFAT chain loops");
        }
        difat.extend(u32s(body.get(next)?));
        next = difat.pop().ok_or("bad DIFAT")?;
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if fat_sectors.len() > count as usize {
        return Err("more FAT sectors than sectors");
    }
    let mut fat = Vec::new();
    for id in fat_sectors {
        fat.extend(u32s(body.get(id)?));
    }

    let dir_start = u32_at(bytes, 48).ok_or("bad header")?;
    let dir_bytes = body.read(&chain(dir_start, &fat, count, sector, usize::MAX)?);
    let entries: Vec<Entry> = dir_bytes.chunks_exact(ENTRY).map(|e| Entry::parse(e, sector)).collect();
    let root = entries.first().ok_or("no root directory")?;

    if entries.iter().any(|e| e.named("EncryptionInfo") || e.named("EncryptedPackage")) {
        return Ok(Container::Encrypted);
    }
    let stream = entries
        .iter()
        .find(|e| e.named("Workbook"))
        .or_else(|| entries.iter().find(|e| e.named("Book")))
        .ok_or("no Workbook stream (not an Excel file)")?;

    if stream.len >= MINI_CUTOFF {
        chain(stream.start, &fat, count, sector, stream.len)?;
    } else {
        // Small streams live in the mini stream (the root entry's chain), cut in 64-byte sectors with their own table.
        let mini_fat_len = u32_at(bytes, 64).ok_or("bad header")? as usize;
        let (mini_fat, mini_count) = if mini_fat_len > 0 {
            let mini_stream = chain(root.start, &fat, count, sector, root.len)?;
            let mini_len = root.len.min(mini_stream.len() * sector);
            let mini_fat_start = u32_at(bytes, 60).ok_or("bad header")?;
            let table = chain(mini_fat_start, &fat, count, sector, mini_fat_len.saturating_mul(sector))?;
            let mini_fat: Vec<u32> = u32s(&body.read(&table)).collect();
            (mini_fat, u32::try_from(mini_len / MINI_SECTOR).unwrap_or(u32::MAX))
        } else {
            (Vec::new(), 0)
        };
        chain(stream.start, &mini_fat, mini_count, MINI_SECTOR, stream.len)?;
    }
    Ok(Container::Workbook)
}

/// The sector ids of the chain from `start` as calamine reads it: until the end mark or until `len` bytes (in units
/// of `unit`) are covered. Every id must be one of the `count` whole sectors, and the chain may not revisit one.
fn chain(start: u32, table: &[u32], count: u32, unit: usize, len: usize) -> Result<Vec<u32>, &'static str> {
    let mut ids = Vec::new();
    let mut id = start;
    while id != ENDOFCHAIN {
        if id >= count {
            return Err("a sector chain points past the end of the file");
        }
        if ids.len() >= count as usize {
            return Err("a sector chain loops");
        }
        ids.push(id);
        if ids.len().saturating_mul(unit) >= len {
            break;
        }
        id = *table.get(id as usize).ok_or("a sector chain leaves the allocation table")?;
    }
    Ok(ids)
}

/// The sectors after the header.
struct Sectors<'a> {
    bytes: &'a [u8],
    size: usize,
}

impl Sectors<'_> {
    /// How many whole sectors the file has.
    fn count(&self) -> u32 {
        u32::try_from(self.bytes.len() / self.size).unwrap_or(u32::MAX)
    }

    fn get(&self, id: u32) -> Result<&[u8], &'static str> {
        let start = id as usize * self.size;
        self.bytes.get(start..start + self.size).ok_or("a sector lies past the end of the file")
    }

    /// The bytes of a chain (its ids already checked).
    fn read(&self, ids: &[u32]) -> Vec<u8> {
        ids.iter().flat_map(|id| self.get(*id).unwrap_or_default().iter().copied()).collect()
    }
}

/// One directory entry: its name (as calamine decodes it: up to the first NUL), first sector and length.
struct Entry {
    name: String,
    start: u32,
    len: usize,
}

impl Entry {
    fn parse(entry: &[u8], sector: usize) -> Entry {
        let units = entry[..64].chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]])).take_while(|u| *u != 0);
        let name = char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
        let start = u32_at(entry, 116).unwrap_or(ENDOFCHAIN);
        let len = if sector == 512 {
            u32_at(entry, 120).unwrap_or(0) as usize
        } else {
            entry.get(120..128).map_or(0, |b| usize::try_from(u64::from_le_bytes(array(b))).unwrap_or(usize::MAX))
        };
        Entry { name, start, len }
    }

    fn named(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut a = [0; N];
    a.copy_from_slice(&bytes[..N]);
    a
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    bytes.get(at..at + 2).map(|b| u16::from_le_bytes(array(b)))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    bytes.get(at..at + 4).map(|b| u32::from_le_bytes(array(b)))
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.chunks_exact(4).map(|b| u32::from_le_bytes(array(b)))
}
