using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BackCare.App.Data;

/// <summary>
/// Stores <see cref="DateTime"/> values as UTC instants only. A value of kind Local or Unspecified is refused on
/// every provider (PostgreSQL's <c>timestamptz</c> refuses it anyway, so SQLite tests now catch what would fail
/// there), and values read back carry kind Utc.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(v => ToStore(v), v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
{
    public static DateTime ToStore(DateTime value) => value.Kind == DateTimeKind.Utc
        ? value
        : throw new ArgumentException($"A date and time is stored as a UTC instant; this one is of kind {value.Kind} ({value:O}).", nameof(value));
}
