//! An OLE compound file (the container of an `.xls` workbook, and of a password-protected `.xlsx` one) checked before
//! calamine reads it. calamine follows the file's sector chains as written: a chain that points past the end of the
//! file makes it index out of bounds, and a chain that loops makes it read forever. This module follows every chain
//! calamine will follow (the DIFAT, the FAT, the directory, the mini stream and its table, the workbook stream),
//! exactly as calamine does, and refuses the file if one leaves the file or never ends; then it checks the sheets'
//! records calamine sizes its buffers by. It also tells an encrypted workbook (`EncryptionInfo` /
//! `EncryptedPackage` streams) from a BIFF one. calamine's BIFF record parsers still index records as written and
//! may panic on a damaged one; `source` catches that where panics unwind.

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

    // Streams under 4 KiB live in the mini stream (the root entry's chain), cut in 64-byte sectors with a table of
    // their own; calamine loads both whenever the header declares a mini table.
    let mini_fat_len = u32_at(bytes, 64).ok_or("bad header")? as usize;
    let (mini_stream, mini_fat) = if mini_fat_len > 0 {
        let mut mini_stream = body.read(&chain(root.start, &fat, count, sector, root.len)?);
        mini_stream.truncate(root.len);
        let mini_fat_start = u32_at(bytes, 60).ok_or("bad header")?;
        let table = chain(mini_fat_start, &fat, count, sector, mini_fat_len.saturating_mul(sector))?;
        (mini_stream, u32s(&body.read(&table)).collect())
    } else {
        (Vec::new(), Vec::new())
    };
    let mut workbook = if stream.len >= MINI_CUTOFF {
        body.read(&chain(stream.start, &fat, count, sector, stream.len)?)
    } else {
        let mini_count = u32::try_from(mini_stream.len() / MINI_SECTOR).unwrap_or(u32::MAX);
        let ids = chain(stream.start, &mini_fat, mini_count, MINI_SECTOR, stream.len)?;
        ids.iter().flat_map(|id| &mini_stream[*id as usize * MINI_SECTOR..][..MINI_SECTOR]).copied().collect()
    };
    workbook.truncate(stream.len);
    check_sheets(&workbook)?;
    Ok(Container::Workbook)
}

/// What calamine allocates for a sheet is sized by what the sheet's records say: its cell buffer by the DIMENSIONS
/// record (rows × columns as written) and the sheet's grid by the cells' extremes (a BIFF cell names its column
/// with 16 bits, so one damaged cell could make a 65,536 × 65,536 grid). Such an allocation failure aborts the
/// program — no panic to catch. The records are found as calamine finds them (the sheets' BoundSheet8 positions,
/// embedded substreams skipped); a range larger than an `.xls` sheet (65,536 rows × 256 columns), one ending before
/// it starts, or a cell right of column IV is refused. A sound sheet still costs calamine up to about 1 GB when its
/// used cells span the whole of it (two cells at A1 and IV65536).
fn check_sheets(stream: &[u8]) -> Result<(), &'static str> {
    let mut sheets = Vec::new();
    for (kind, data) in records(stream) {
        match kind {
            0x0085 => sheets.extend(u32_at(data, 0)),
            0x000A => break,
            _ => {}
        }
    }
    for pos in sheets {
        let sheet = stream.get(pos as usize..).ok_or("a sheet lies past the end of the workbook stream")?;
        let (mut seen_bof, mut depth) = (false, 0usize);
        for (kind, data) in records(sheet) {
            let last_col = match kind {
                0x0809 if depth > 0 || seen_bof => {
                    depth += 1;
                    None
                }
                0x0809 => {
                    seen_bof = true;
                    None
                }
                0x000A if depth > 0 => {
                    depth -= 1;
                    None
                }
                0x000A => break,
                _ if depth > 0 => None,
                0x0200 => {
                    check_dimension(data)?;
                    None
                }
                // Number, Label, RString, BoolErr, RK, LabelSst, Formula: the column at offset 2.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => u16_at(data, 2),
                // MulRk: the first column at offset 2, the last in the record's last two bytes.
                0x00BD if data.len() >= 6 => u16_at(data, 2).max(u16_at(data, data.len() - 2)),
                _ => None,
            };
            if last_col.is_some_and(|col| col > 0xFF) {
                return Err("a cell lies right of column IV");
            }
        }
    }
    Ok(())
}

/// One DIMENSIONS record read as calamine reads it (BIFF8: u32 rows, BIFF5: u16; the last row and column are one
/// past the end).
fn check_dimension(data: &[u8]) -> Result<(), &'static str> {
    let (first_row, last_row, first_col, last_col) = match data.len() {
        10 => (u16_at(data, 0).map(u32::from), u16_at(data, 2).map(u32::from), u16_at(data, 4), u16_at(data, 6)),
        14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 8), u16_at(data, 10)),
        _ => return Ok(()), // calamine refuses the record itself
    };
    let (Some(first_row), Some(last_row), Some(first_col), Some(last_col)) = (first_row, last_row, first_col, last_col)
    else {
        return Ok(());
    };
    let first_col = if first_col > 0xFF || last_col < first_col { 0 } else { first_col };
    let (rows, cols) = if last_row >= 1 && last_col >= 1 {
        ((last_row - 1).checked_sub(first_row), (last_col - 1).checked_sub(first_col))
    } else {
        (Some(0), Some(0))
    };
    match (rows, cols) {
        (Some(rows), Some(cols)) if rows < 65_536 && cols < 256 => Ok(()),
        _ => Err("a sheet's DIMENSIONS record is damaged"),
    }
}

/// The BIFF records of a stream: (type, data), until one runs past the end.
fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let kind = u16_at(stream, 0)?;
        let len = usize::from(u16_at(stream, 2)?);
        let data = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        Some((kind, data))
    })
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
