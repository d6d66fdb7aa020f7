using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Harness.EnvTest.Security;

/// <summary>The bearer token every request to the API server must carry (<c>Authorization: Bearer &lt;token&gt;</c>).</summary>
public sealed class BearerToken
{
    private const int TokenBytes = 32;
    private const string Scheme = "Bearer ";

    /// <summary>Wraps an existing token: 1 to 1024 printable ASCII characters, no spaces.</summary>
    public BearerToken(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.Length > 1024 || value.Any(c => c <= ' ' || c > '~'))
        {
            throw new ArgumentException("a bearer token is 1 to 1024 printable ASCII characters without spaces", nameof(value));
        }

        Value = value;
    }

    /// <summary>The token text.</summary>
    public string Value { get; }

    /// <summary>Draws a new 256-bit token (hexadecimal) from <paramref name="random"/>.</summary>
    public static BearerToken Generate(Random random)
    {
        var bytes = new byte[TokenBytes];
        random.NextBytes(bytes);
        return new BearerToken(Convert.ToHexStringLower(bytes));
    }

    /// <summary>
    /// Whether an <c>Authorization</c> header value carries this token: scheme <c>Bearer</c> (any case),
    /// one space, the token (compared in constant time).
    /// </summary>
    public bool Matches(string? authorizationHeader)
    {
        if (authorizationHeader is null
            || authorizationHeader.Length != Scheme.Length + Value.Length
            || !authorizationHeader.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(authorizationHeader.AsSpan(Scheme.Length)),
            MemoryMarshal.AsBytes(Value.AsSpan()));
    }

    /// <inheritdoc />
    public override string ToString() => "Bearer <redacted>";
}
