//! A ledger's rows on two threads: the export's thread steps the SQLite statement and decodes each row into an
//! owned [`RowBatch`], a writer thread writes the batches into the workbook or the CSV file, so that reading and
//! writing overlap on two cores. The channel between them holds at most [`QUEUED_BATCHES`] batches of
//! [`BATCH_ROWS`] rows, so memory stays flat whatever the number of rows.

use std::sync::mpsc::{sync_channel, SyncSender};

use super::value::Value;
use crate::error::Result;

/// Rows in one batch.
pub(super) const BATCH_ROWS: usize = 256;

/// Batches waiting for the writer at most (besides the one it writes and the one being read).
pub(super) const QUEUED_BATCHES: usize = 8;

/// Where rows go: an Excel table or a CSV file.
pub(super) trait RowSink: Send {
    /// Writes one row: one value per column, in column order.
    fn write_row(&mut self, values: &[Value<'_>]) -> Result<()>;
}

/// One cell of a batch: text (and a day's text) as a range of the batch's text.
#[derive(Debug, Clone, Copy)]
enum Cell {
    Blank,
    Text { at: u32, len: u32 },
    Date { at: u32, len: u32 },
    Number(f64),
    Wan(i64),
    Count(i64),
}

/// Decoded rows, owned: their cells row after row, every text in one string.
#[derive(Debug)]
pub(super) struct RowBatch {
    columns: usize,
    text: String,
    cells: Vec<Cell>,
}

impl RowBatch {
    /// An empty batch of rows of `columns` cells.
    pub(super) fn new(columns: usize) -> Self {
        Self { columns: columns.max(1), text: String::new(), cells: Vec::with_capacity(columns * BATCH_ROWS) }
    }

    /// Adds the next cell (rows are filled cell by cell, in column order).
    pub(super) fn push(&mut self, value: &Value<'_>) {
        let cell = match value {
            Value::Blank => Cell::Blank,
            Value::Text(text) => {
                let (at, len) = self.keep(text);
                Cell::Text { at, len }
            }
            Value::Date(day) => {
                let (at, len) = self.keep(day);
                Cell::Date { at, len }
            }
            Value::Number(n) => Cell::Number(*n),
            Value::Wan(fen) => Cell::Wan(*fen),
            Value::Count(n) => Cell::Count(*n),
        };
        self.cells.push(cell);
    }

    fn keep(&mut self, text: &str) -> (u32, u32) {
        let at = self.text.len();
        self.text.push_str(text);
        (at as u32, text.len() as u32)
    }

    /// The whole rows in the batch.
    pub(super) fn rows(&self) -> usize {
        self.cells.len() / self.columns
    }

    fn value(&self, cell: Cell) -> Value<'_> {
        let text = |at: u32, len: u32| &self.text[at as usize..(at + len) as usize];
        match cell {
            Cell::Blank => Value::Blank,
            Cell::Text { at, len } => Value::Text(text(at, len).into()),
            Cell::Date { at, len } => Value::Date(text(at, len)),
            Cell::Number(n) => Value::Number(n),
            Cell::Wan(fen) => Value::Wan(fen),
            Cell::Count(n) => Value::Count(n),
        }
    }

    /// Writes the batch's rows into `sink`, in order.
    fn write_into(&self, sink: &mut dyn RowSink) -> Result<()> {
        let mut values = Vec::with_capacity(self.columns);
        for row in self.cells.chunks_exact(self.columns) {
            values.clear();
            values.extend(row.iter().map(|cell| self.value(*cell)));
            sink.write_row(&values)?;
        }
        Ok(())
    }
}

/// The reading side's end of the channel: fills a batch and sends it when full.
pub(super) struct Batches {
    sender: SyncSender<RowBatch>,
    batch: RowBatch,
}

impl Batches {
    /// The batch being filled: push the next row's cells into it, then call [`Batches::row_done`].
    pub(super) fn current(&mut self) -> &mut RowBatch {
        &mut self.batch
    }

    /// Ends a row; sends the batch when it is full. `false` when the writer has stopped (it failed: its error is
    /// what [`pipelined`] returns), so reading should stop.
    pub(super) fn row_done(&mut self) -> bool {
        if self.batch.rows() < BATCH_ROWS {
            return true;
        }
        self.send()
    }

    fn send(&mut self) -> bool {
        let columns = self.batch.columns;
        let full = std::mem::replace(&mut self.batch, RowBatch::new(columns));
        self.sender.send(full).is_ok()
    }
}

/// Runs `read` on this thread while a writer thread writes into `sink` the rows it pushes into [`Batches`] of
/// `columns` cells; returns what `read` returns once every row it pushed is written. The writer's error (or panic,
/// resumed here) comes first: a read that stopped because the writer did is not the cause.
pub(super) fn pipelined<T>(
    sink: &mut dyn RowSink,
    columns: usize,
    read: impl FnOnce(&mut Batches) -> Result<T>,
) -> Result<T> {
    let (sender, receiver) = sync_channel::<RowBatch>(QUEUED_BATCHES);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<()> {
            for batch in receiver {
                batch.write_into(sink)?;
            }
            Ok(())
        });
        let mut batches = Batches { sender, batch: RowBatch::new(columns) };
        let read = read(&mut batches);
        if read.is_ok() && batches.batch.rows() > 0 {
            batches.send();
        }
        drop(batches);
        match writer.join() {
            Ok(written) => written?,
            Err(panic) => std::panic::resume_unwind(panic),
        }
        read
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CoreError;

    /// Keeps what it is given, or fails at a row.
    struct Kept {
        rows: Vec<Vec<String>>,
        fail_at: Option<usize>,
    }

    impl RowSink for Kept {
        fn write_row(&mut self, values: &[Value<'_>]) -> Result<()> {
            if self.fail_at == Some(self.rows.len()) {
                return Err(CoreError::CorruptValue("the sink's own failure".into()));
            }
            self.rows.push(values.iter().map(|v| format!("{v:?}")).collect());
            Ok(())
        }
    }

    fn row(n: usize) -> [Value<'static>; 4] {
        [
            Value::Text(format!("第{n}行").into()),
            if n.is_multiple_of(3) { Value::Blank } else { Value::Date("2024-05-06") },
            Value::Wan(n as i64 * 100),
            Value::Number(n as f64 / 2.0),
        ]
    }

    fn read_rows(batches: &mut Batches, n: usize) -> Result<usize> {
        for i in 0..n {
            for value in row(i) {
                batches.current().push(&value);
            }
            if !batches.row_done() {
                return Ok(i);
            }
        }
        Ok(n)
    }

    #[test]
    fn every_row_arrives_in_order_across_batches() {
        let n = BATCH_ROWS * 3 + 7;
        let mut sink = Kept { rows: Vec::new(), fail_at: None };
        let read = pipelined(&mut sink, 4, |b| read_rows(b, n)).unwrap();
        assert_eq!(read, n);
        assert_eq!(sink.rows.len(), n);
        for (i, written) in sink.rows.iter().enumerate() {
            let expected: Vec<String> = row(i).iter().map(|v| format!("{v:?}")).collect();
            assert_eq!(written, &expected, "row {i}");
        }
    }

    #[test]
    fn the_writers_error_wins_and_stops_the_reading() {
        let mut sink = Kept { rows: Vec::new(), fail_at: Some(10) };
        let e = pipelined(&mut sink, 4, |b| read_rows(b, BATCH_ROWS * (QUEUED_BATCHES + 20))).unwrap_err();
        assert!(e.to_string().contains("the sink's own failure"), "{e}");
        assert_eq!(sink.rows.len(), 10);
    }

    #[test]
    fn a_reading_error_is_returned_after_the_rows_before_it_are_written() {
        let mut sink = Kept { rows: Vec::new(), fail_at: None };
        let e = pipelined(&mut sink, 4, |b| {
            read_rows(b, BATCH_ROWS + 1)?;
            Err::<(), _>(CoreError::Cancelled)
        })
        .unwrap_err();
        assert!(matches!(e, CoreError::Cancelled));
        assert_eq!(sink.rows.len(), BATCH_ROWS, "the full batch was sent, the partial one dropped");
    }

    #[test]
    fn a_panicking_writer_panics_here() {
        struct Panics;
        impl RowSink for Panics {
            fn write_row(&mut self, _: &[Value<'_>]) -> Result<()> {
                panic!("Couldn't write to xml file: Os {{ code: 28, .. }}");
            }
        }
        let caught =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipelined(&mut Panics, 4, |b| read_rows(b, 3))));
        assert!(caught.is_err());
    }
}
