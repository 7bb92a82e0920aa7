using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Values;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ApiStudio.Tests.Support;

/// <summary>Users, grants, sign-in and calls with credentials against a <see cref="TestHost"/>.</summary>
public static class SecurityKit
{
    /// <summary>The password of every user made by <see cref="CreateUserAsync"/>.</summary>
    public const string UserPassword = "User-Password-1";

    /// <summary>The ids of an application.</summary>
    public static (long Accid, long Appid) Application(TestHost host, string account, string application)
    {
        var app = host.Registry.FindApplication(account, application)!;
        return (app.Accid, app.Appid);
    }

    /// <summary>Creates an active user with <see cref="UserPassword"/> and the given grants (role, accid, appid).</summary>
    public static async Task<UserRow> CreateUserAsync(TestHost host, string username, params (string Role, long? Accid, long? Appid)[] grants)
    {
        var hasher = host.Services.GetRequiredService<IPasswordHasher<UserRow>>();
        return await host.Database.Database.InTransactionAsync(async db =>
        {
            var user = await UserMapper.CreateAsync(db, username, null, "pending");
            await UserMapper.SetPasswordHashAsync(db, user.Uid, hasher.HashPassword(user, UserPassword));
            foreach (var (role, accid, appid) in grants)
            {
                var rid = (await RoleMapper.FindByNameAsync(db, role))!.Rid;
                await UserRoleMapper.CreateAsync(db, user.Uid, rid, accid, appid);
            }
            return user;
        });
    }

    /// <summary>Sets a user's active flag.</summary>
    public static Task SetActiveAsync(TestHost host, UserRow user, bool active) =>
        host.Database.Database.InTransactionAsync(db => UserMapper.UpdateAsync(db, user.Uid, user.Username, user.Email, active));

    /// <summary>POSTs a JSON body.</summary>
    public static Task<Reply> PostJsonAsync(TestHost host, string path, object body, string? bearer = null) =>
        SendJsonAsync(host, HttpMethod.Post, path, body, bearer);

    /// <summary>Sends a JSON body with any method.</summary>
    public static Task<Reply> SendJsonAsync(TestHost host, HttpMethod method, string path, object body, string? bearer = null) =>
        SendAsync(host, new HttpRequestMessage(method, path)
        {
            Content = new StringContent(PlainJson.Serialize(ToPlain(body)), Encoding.UTF8, "application/json"),
        }, bearer);

    /// <summary>GETs a path, with a bearer token and extra headers when given.</summary>
    public static Task<Reply> GetAsync(TestHost host, string path, string? bearer = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return SendAsync(host, request, bearer);
    }

    /// <summary>Sends a request.</summary>
    public static async Task<Reply> SendAsync(TestHost host, HttpRequestMessage request, string? bearer = null)
    {
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        var response = await host.Client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new Reply(response.StatusCode, Encoding.UTF8.GetString(bytes), bytes, response);
    }

    /// <summary>Signs in through <c>POST auth/token</c>; the <c>data</c> map of the answer.</summary>
    public static async Task<Map> LoginAsync(TestHost host, string username, string password = UserPassword)
    {
        var reply = await PostJsonAsync(host, "api/apistudio/core/auth/token", new Dictionary<string, string> { ["username"] = username, ["password"] = password });
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Body);
        return (Map)reply.Data!;
    }

    /// <summary>Publishes a YAML resource.</summary>
    public static Task<ResourceRow> PublishAsync(TestHost host, string yaml) =>
        host.Registry.SaveAsync(yaml, DocumentFormat.Yaml, "test.yaml");

    private static object? ToPlain(object body) => body switch
    {
        Dictionary<string, string> strings => new Map(strings.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value))),
        _ => body,
    };
}
