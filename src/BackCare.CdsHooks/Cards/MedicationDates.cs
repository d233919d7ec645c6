using System.Globalization;
using System.Text.Json;
using BackCare.CdsHooks.Protocol;

namespace BackCare.CdsHooks.Cards;

/// <summary>How long a medication has been taken (current ones) or is ordered for (draft orders), in whole weeks.</summary>
public static class MedicationDates
{
    public static int? WeeksSince(JsonElement resource, DateTimeOffset now)
    {
        var start = CdsRequestParser.String(resource, "authoredOn"u8) ?? CdsRequestParser.String(resource, "effectiveDateTime"u8);
        if (start is null && resource.TryGetProperty("effectivePeriod"u8, out var period)) start = CdsRequestParser.String(period, "start"u8);
        if (start is null || !DateTimeOffset.TryParse(start.Length == 10 ? start + "T00:00:00Z" : start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from)) return null;
        var days = (now - from).TotalDays;
        return days < 0 ? null : (int)Math.Min(days / 7, 2600);
    }

    public static int? SupplyWeeks(JsonElement order)
    {
        if (!order.TryGetProperty("dispenseRequest"u8, out var dispense) || !dispense.TryGetProperty("expectedSupplyDuration"u8, out var duration)) return null;
        if (!duration.TryGetProperty("value"u8, out var value) || value.ValueKind != JsonValueKind.Number) return null;
        var unit = CdsRequestParser.String(duration, "code"u8) ?? CdsRequestParser.String(duration, "unit"u8) ?? "d";
        var days = value.GetDouble() * unit switch { "wk" or "week" or "weeks" => 7, "mo" or "month" or "months" => 30, "a" or "year" => 365, _ => 1 };
        return days < 0 ? null : (int)Math.Min(days / 7, 2600);
    }
}
