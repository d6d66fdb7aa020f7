using k8s.Models;

namespace Harness.Api.Resources;

/// <summary>
/// The owner reference a controller puts on an object it creates and manages: <c>controller: true</c> (the one managing
/// owner) and <c>blockOwnerDeletion: true</c> (a foreground deletion of the owner waits for the object to go).
/// </summary>
public static class ControllerReference
{
    public static V1OwnerReference To(string apiVersion, string kind, string name, string uid) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = name,
        Uid = uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
