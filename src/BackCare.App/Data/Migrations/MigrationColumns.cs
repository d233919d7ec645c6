using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace BackCare.App.Data.Migrations;

/// <summary>Column shapes the hand-written migrations share.</summary>
internal static class MigrationColumns
{
    /// <summary>A database-generated key column; <paramref name="identity"/> adds the provider's annotation.</summary>
    public static OperationBuilder<AddColumnOperation> Identity<T>(ColumnsBuilder table, Action<OperationBuilder<AddColumnOperation>> identity)
    {
        var column = table.Column<T>(nullable: false);
        identity(column);
        return column;
    }
}
