//! 导入: bringing in the spreadsheets coordinators already keep. `source` reads a file into a grid of cells,
//! `columns` finds the header row and maps columns to fields, `values` turns cells into clean values.

pub mod cell;
pub mod columns;
mod csv_text;
mod ole;
pub mod source;
pub mod values;
