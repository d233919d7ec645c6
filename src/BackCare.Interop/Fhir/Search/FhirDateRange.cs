using System.Globalization;
using System.Text.RegularExpressions;

namespace BackCare.Interop.Fhir.Search;

/// <summary>
/// A FHIR date, dateTime or instant as the half-open range of instants it covers at its precision ("2026" is the
/// whole year, "2026-11-02" the whole UTC day). A time without a zone is read as UTC.
/// </summary>
public readonly partial record struct FhirDateRange(DateTimeOffset Start, DateTimeOffset End)
{
    public static FhirDateRange? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var m = Pattern().Match(text);
        if (!m.Success) return null;
        int year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year < 1) return null;
        try
        {
            if (!m.Groups["mo"].Success)
            {
                var y = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
                return new FhirDateRange(y, y.AddYears(1));
            }

            var month = int.Parse(m.Groups["mo"].Value, CultureInfo.InvariantCulture);
            if (!m.Groups["d"].Success)
            {
                var mo = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
                return new FhirDateRange(mo, mo.AddMonths(1));
            }

            var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            if (!m.Groups["h"].Success)
            {
                var d = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
                return new FhirDateRange(d, d.AddDays(1));
            }

            var offset = TimeSpan.Zero;
            if (m.Groups["tz"].Success && m.Groups["tz"].Value != "Z")
            {
                var sign = m.Groups["tz"].Value[0] == '-' ? -1 : 1;
                offset = sign * new TimeSpan(int.Parse(m.Groups["tz"].Value[1..3], CultureInfo.InvariantCulture), int.Parse(m.Groups["tz"].Value[4..6], CultureInfo.InvariantCulture), 0);
            }

            var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
            var minute = int.Parse(m.Groups["mi"].Value, CultureInfo.InvariantCulture);
            if (!m.Groups["s"].Success)
            {
                var t = new DateTimeOffset(year, month, day, hour, minute, 0, offset);
                return new FhirDateRange(t, t.AddMinutes(1));
            }

            var second = int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture);
            var start = new DateTimeOffset(year, month, day, hour, minute, second, offset);
            if (m.Groups["f"].Success)
            {
                var fraction = m.Groups["f"].Value;
                var ticks = (long)(double.Parse("0." + fraction, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond);
                return new FhirDateRange(start.AddTicks(ticks), start.AddTicks(ticks + (long)Math.Pow(10, Math.Max(0, 7 - fraction.Length))));
            }

            return new FhirDateRange(start, start.AddSeconds(1));
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    public static FhirDateRange Instant(DateTimeOffset at) => new(at, at.AddTicks(1));

    [GeneratedRegex(@"^(?<y>\d{4})(-(?<mo>\d{2})(-(?<d>\d{2})(T(?<h>\d{2}):(?<mi>\d{2})(:(?<s>\d{2})(\.(?<f>\d{1,7}))?)?(?<tz>Z|[+-]\d{2}:\d{2})?)?)?)?$")]
    private static partial Regex Pattern();
}
