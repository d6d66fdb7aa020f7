using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.Serialization;

/// <summary>
/// A <c>metav1.MicroTime</c> field as kube decodes and re-encodes it: JSON null, or a string Go's <c>time.Parse</c> reads
/// with the layout <c>2006-01-02T15:04:05.000000Z07:00</c> — exactly six fraction digits after a dot or a comma, a
/// one- or two-digit hour, and <c>Z</c> or a <c>±hh:mm</c> offset. It comes out in UTC with six digits, and Go's zero
/// time as null once validated. A value it cannot read fails with Go's own error text.
/// </summary>
internal static class MicroTimeJson
{
    public const string Layout = "2006-01-02T15:04:05.000000Z07:00";

    private const long SecondsPerDay = 86400;

    private static readonly int[] DaysInMonth = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    /// <summary>Go's zero time as <see cref="Decode"/> writes it.</summary>
    private const string ZeroTime = "0001-01-01T00:00:00.000000Z";

    /// <summary>Seconds from 1970 of Go's zero time, 0001-01-01T00:00:00Z.</summary>
    private const long GoZeroSeconds = -62135596800;

    /// <summary>
    /// Decodes and re-encodes the fields at <paramref name="paths"/> (dotted, e.g. <c>series.lastObservedTime</c>) of
    /// <paramref name="obj"/>, in document order as Go's decoder meets them; a field under a non-object is left alone.
    /// Go's zero time stays a string here: kube's validation sees a decoded zero time as set (its location is Local, so it
    /// is not <c>== time.Time{}</c>); <see cref="UnsetZeroTimes"/> then stores it as null, as kube's encoder writes it.
    /// </summary>
    /// <exception cref="FormatException">The first field that does not decode, with the error Go's decoder returns.</exception>
    public static void DecodeFields(JsonObject obj, IReadOnlyList<string> paths) => Transform(obj, paths, Decode);

    /// <summary>Sets the fields at <paramref name="paths"/> holding Go's zero time to null, as kube stores them.</summary>
    public static void UnsetZeroTimes(JsonObject obj, IReadOnlyList<string> paths) =>
        Transform(obj, paths, value => value is JsonValue v && v.TryGetValue<string>(out var text) && text == ZeroTime ? null : value);

    private static void Transform(JsonObject obj, IReadOnlyList<string> paths, Func<JsonNode?, JsonNode?> transform)
    {
        if (paths.Count == 0)
        {
            return;
        }

        foreach (var (name, value) in obj.ToList())
        {
            if (paths.Contains(name))
            {
                obj[name] = transform(value);
                continue;
            }

            var nested = paths.Where(p => p.StartsWith(name + ".", StringComparison.Ordinal)).Select(p => p[(name.Length + 1)..]).ToList();
            if (nested.Count > 0 && value is JsonObject child)
            {
                Transform(child, nested, transform);
            }
        }
    }

    /// <summary>The value kube decodes for a MicroTime sent as <paramref name="value"/>: null, or the UTC string.</summary>
    /// <exception cref="FormatException">Go's error for a value that is neither null nor a readable string.</exception>
    public static JsonNode? Decode(JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        var kind = value.GetValueKind();
        if (kind != JsonValueKind.String)
        {
            throw new FormatException($"json: cannot unmarshal {Schema.GoValueFormat.Kind(kind)} into Go value of type string");
        }

        var (seconds, micros) = Parse(Encoding.UTF8.GetBytes(value.GetValue<string>()));
        return JsonValue.Create(Format(seconds, micros));
    }

    /// <summary>Go's <c>time.Parse(RFC3339Micro, value)</c>: the instant as seconds from 1970 and microseconds.</summary>
    private static (long Seconds, int Micros) Parse(byte[] text)
    {
        ReadOnlySpan<byte> value = text;

        var hold = value;
        if (value.Length < 4 || !IsDigit(value, 0) || !TryAtoi(value[..4], out var year))
        {
            throw CannotParse(text, hold, "2006");
        }

        value = Skip(text, value[4..], '-');
        hold = value;
        if (!TryTwoDigits(value, out var month))
        {
            throw CannotParse(text, hold, "01");
        }

        value = value[2..];
        if (month is <= 0 or > 12)
        {
            throw OutOfRange(text, "month");
        }

        value = Skip(text, value, '-');
        hold = value;
        if (!TryTwoDigits(value, out var day))
        {
            throw CannotParse(text, hold, "02");
        }

        value = Skip(text, value[2..], 'T');
        hold = value;
        if (!IsDigit(value, 0))
        {
            throw CannotParse(text, hold, "15");
        }

        var hourDigits = IsDigit(value, 1) ? 2 : 1;
        var hour = hourDigits == 2 ? ((value[0] - '0') * 10) + value[1] - '0' : value[0] - '0';
        value = value[hourDigits..];
        if (hour >= 24)
        {
            throw OutOfRange(text, "hour");
        }

        value = Skip(text, value, ':');
        hold = value;
        if (!TryTwoDigits(value, out var minute))
        {
            throw CannotParse(text, hold, "04");
        }

        value = value[2..];
        if (minute >= 60)
        {
            throw OutOfRange(text, "minute");
        }

        value = Skip(text, value, ':');
        hold = value;
        if (!TryTwoDigits(value, out var second))
        {
            throw CannotParse(text, hold, "05");
        }

        value = value[2..];
        if (second >= 60)
        {
            throw OutOfRange(text, "second");
        }

        hold = value;
        if (value.Length < 7 || value[0] is not ((byte)'.' or (byte)',') || !TryAtoi(value[1..7], out var micros))
        {
            throw CannotParse(text, hold, ".000000");
        }

        value = value[7..];
        if (micros < 0)
        {
            throw OutOfRange(text, "fractional second");
        }

        hold = value;
        var offset = 0;
        if (value.Length >= 1 && value[0] == 'Z')
        {
            value = value[1..];
        }
        else
        {
            if (value.Length < 6 || value[3] != ':')
            {
                throw CannotParse(text, hold, "Z07:00");
            }

            var hoursOk = TryTwoDigits(value[1..3], out var offsetHours);
            var minutes = 0;
            var digitsOk = hoursOk && TryTwoDigits(value[4..6], out minutes);
            var range = minutes > 60 ? "time zone offset minute" : offsetHours > 24 ? "time zone offset hour" : null;
            if (range is not null)
            {
                throw OutOfRange(text, range);
            }

            if (!digitsOk || value[0] is not ((byte)'+' or (byte)'-'))
            {
                throw CannotParse(text, hold, "Z07:00");
            }

            offset = ((offsetHours * 60) + minutes) * 60 * (value[0] == '-' ? -1 : 1);
            value = value[6..];
        }

        if (!value.IsEmpty)
        {
            throw new FormatException($"parsing time {Quote(text)}: extra text: {Quote(value)}");
        }

        if (day < 1 || day > DaysIn(month, year))
        {
            throw OutOfRange(text, "day");
        }

        var seconds = (DaysFromCivil(year, month, day) * SecondsPerDay) + (hour * 3600) + (minute * 60) + second - offset;
        return (seconds, micros);
    }

    /// <summary>Go's <c>Format(RFC3339Micro)</c> in UTC: four-digit year (wider or signed outside 0..9999), six fraction digits, <c>Z</c>.</summary>
    private static string Format(long seconds, int micros)
    {
        var days = Math.DivRem(seconds, SecondsPerDay, out var secondOfDay);
        if (secondOfDay < 0)
        {
            secondOfDay += SecondsPerDay;
            days--;
        }

        var (year, month, day) = CivilFromDays(days);
        var yearText = (year < 0 ? "-" : string.Empty) + Math.Abs(year).ToString("D4", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{yearText}-{month:D2}-{day:D2}T{secondOfDay / 3600:D2}:{secondOfDay / 60 % 60:D2}:{secondOfDay % 60:D2}.{micros:D6}Z");
    }

    private static ReadOnlySpan<byte> Skip(byte[] text, ReadOnlySpan<byte> value, char separator) =>
        value.Length > 0 && value[0] == separator ? value[1..] : throw CannotParse(text, value, separator.ToString());

    private static bool IsDigit(ReadOnlySpan<byte> value, int index) => index < value.Length && char.IsAsciiDigit((char)value[index]);

    private static bool TryTwoDigits(ReadOnlySpan<byte> value, out int number)
    {
        number = IsDigit(value, 0) && IsDigit(value, 1) ? ((value[0] - '0') * 10) + value[1] - '0' : 0;
        return IsDigit(value, 0) && IsDigit(value, 1);
    }

    /// <summary>Go's <c>time.atoi</c>: an optional sign, then digits only (none at all reads as 0).</summary>
    private static bool TryAtoi(ReadOnlySpan<byte> value, out int number)
    {
        number = 0;
        var negative = value.Length > 0 && value[0] == '-';
        if (value.Length > 0 && value[0] is (byte)'-' or (byte)'+')
        {
            value = value[1..];
        }

        foreach (var b in value)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }

            number = (number * 10) + b - '0';
        }

        number = negative ? -number : number;
        return true;
    }

    private static int DaysIn(int month, int year) =>
        month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : DaysInMonth[month];

    /// <summary>Days from 1970-01-01 of a proleptic Gregorian date, for any year.</summary>
    private static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - (era * 400);
        var dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    private static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719468;
        var era = (days >= 0 ? days : days - 146096) / 146097;
        var dayOfEra = days - (era * 146097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var shifted = ((5 * dayOfYear) + 2) / 153;
        var day = (int)(dayOfYear - (((153 * shifted) + 2) / 5) + 1);
        var month = (int)(shifted < 10 ? shifted + 3 : shifted - 9);
        return ((yearOfEra + (era * 400)) + (month <= 2 ? 1 : 0), month, day);
    }

    private static FormatException CannotParse(byte[] text, ReadOnlySpan<byte> element, string layoutElement) =>
        new($"parsing time {Quote(text)} as \"{Layout}\": cannot parse {Quote(element)} as \"{layoutElement}\"");

    private static FormatException OutOfRange(byte[] text, string element) => new($"parsing time {Quote(text)}: {element} out of range");

    /// <summary>The time package's own quoting: <c>\xNN</c> for each byte of a control or non-ASCII character.</summary>
    private static string Quote(ReadOnlySpan<byte> text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        while (!text.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(text, out var rune, out var width);
            width = status == System.Buffers.OperationStatus.Done ? width : 1;
            if (status != System.Buffers.OperationStatus.Done || rune.Value is >= 0x80 or < 0x20)
            {
                foreach (var b in text[..width])
                {
                    sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                sb.Append(rune.Value is '"' or '\\' ? "\\" : string.Empty).Append((char)rune.Value);
            }

            text = text[width..];
        }

        return sb.Append('"').ToString();
    }
}
