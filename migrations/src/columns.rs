//! Adding columns to an existing table: one statement per column, because SQLite's
//! ALTER TABLE adds one at a time.
use sea_orm_migration::prelude::*;

pub async fn add_columns(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    columns: impl IntoIterator<Item = ColumnDef>,
) -> Result<(), DbErr> {
    let table = table.into_iden();
    for mut col in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(table.clone())
                    .add_column(&mut col)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}
