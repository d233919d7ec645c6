using System.Threading.RateLimiting;
using BackCare.App.Accounts;
using Microsoft.AspNetCore.RateLimiting;

namespace BackCare.Web.Infrastructure;

/// <summary>Limits for the account forms (BackCare:RateLimits); fixed one-minute windows.</summary>
public sealed class AccountRateLimitOptions
{
    public const string Section = "BackCare:RateLimits";

    /// <summary>Account form posts (sign-in, second factor, registration, reset) from one IP address per minute.</summary>
    public int PerIpPerMinute { get; set; } = 20;

    /// <summary>Account form posts naming one email per minute, from anywhere (a known device has its own allowance).</summary>
    public int PerAccountPerMinute { get; set; } = 10;
}

/// <summary>
/// ASP.NET Core's rate limiter on the account forms, chained per IP address and per account, so neither many
/// addresses against one account nor one address against many accounts gets far. A known device of the account
/// is counted in its own partition, so an attacker filling the account's allowance does not lock the owner out.
/// </summary>
internal static class AccountRateLimits
{
    private const string AccountKey = "backcare.rateLimitAccount";
    private static readonly string[] Guarded = ["/Account/Login", "/Account/LoginWith2fa", "/Account/Register", "/Account/ResetPassword"];

    public static IServiceCollection AddAccountRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(AccountRateLimitOptions.Section).Get<AccountRateLimitOptions>() ?? new AccountRateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many attempts from here. Wait a minute, then try again.", ct);
            };
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsGuarded(http)
                    ? RateLimitPartition.GetFixedWindowLimiter("ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => Window(limits.PerIpPerMinute))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsGuarded(http) && http.Items[AccountKey] is string account
                    ? RateLimitPartition.GetFixedWindowLimiter(account, _ => Window(limits.PerAccountPerMinute))
                    : RateLimitPartition.GetNoLimiter("")));
        });
        return services;
    }

    /// <summary>Reads the posted email (the form is buffered for the page) to pick the account's partition, then limits.</summary>
    public static IApplicationBuilder UseAccountRateLimits(this IApplicationBuilder app)
    {
        app.Use(async (http, next) =>
        {
            if (IsGuarded(http) && http.Request.HasFormContentType)
            {
                string? email = null;
                try
                {
                    var form = await http.Request.ReadFormAsync(http.RequestAborted);
                    email = AccountService.NormalizeEmail(form["Email"].ToString());
                }
                catch (InvalidDataException)
                {
                    // A malformed form is refused later by the page (400); it is still counted per IP address.
                }

                var device = http.RequestServices.GetRequiredService<KnownDevices>().Read(http);
                http.Items[AccountKey] = device is { } id ? $"device:{id:N}" : email is null ? null : $"account:{email}";
            }

            await next(http);
        });
        return app.UseRateLimiter();
    }

    private static bool IsGuarded(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && Guarded.Any(p => http.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase));

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
