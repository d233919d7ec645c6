using System.Security.Cryptography;
using BackCare.App.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Smart;

/// <summary>A row of <c>smart_signing_keys</c>: an RSA private key (PKCS#8), protected with the shared Data Protection key ring.</summary>
public sealed class SmartSigningKeyRecord
{
    public required string Id { get; set; }
    public required string ProtectedKey { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// The key that signs SMART identity tokens, the same on every node (ADR 0018): the first node to need it creates an
/// RSA 2048 key and stores it in the database, protected with the Data Protection key ring the nodes already share
/// (ADR 0012); every other node reads that row. Two nodes starting at once both try to insert the one id; the loser
/// reads the winner's key. So an app that fetched the keys (/.well-known/jwks) from one node verifies an id_token
/// issued by any other.
/// </summary>
public static class SmartSigningKeys
{
    /// <summary>The one row's id, and the key id (kid) the JWKS publishes.</summary>
    public const string KeyId = "backcare-smart-1";
    private const string Purpose = "BackCare.Smart.IdTokenSigningKey";

    public static RSA LoadOrCreate(BackCareDbContext db, IDataProtectionProvider protection, TimeProvider time)
    {
        var protector = protection.CreateProtector(Purpose);
        if (Read(db, protector) is { } existing) return existing;

        using var rsa = RSA.Create(2048);
        db.SmartSigningKeys.Add(new SmartSigningKeyRecord
        {
            Id = KeyId,
            ProtectedKey = Convert.ToBase64String(protector.Protect(rsa.ExportPkcs8PrivateKey())),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateException)
        {
            // Another node stored the key first: use theirs.
            db.ChangeTracker.Clear();
        }

        return Read(db, protector) ?? throw new InvalidOperationException("the SMART signing key could not be stored or read");
    }

    private static RSA? Read(BackCareDbContext db, IDataProtector protector)
    {
        var row = db.SmartSigningKeys.AsNoTracking().FirstOrDefault(k => k.Id == KeyId);
        if (row is null) return null;
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(protector.Unprotect(Convert.FromBase64String(row.ProtectedKey)), out _);
        return rsa;
    }
}
