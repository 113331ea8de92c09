-- Argo CD health of a customconnectors.io CustomConnector, from its Ready condition.
-- Healthy: Ready=True. Suspended: Ready=True because spec.state asks for Paused or Stopped.
-- Progressing: no status yet, a spec the operator has not acted on, a wait on the normal way to
-- Ready (the reasons below), or a deletion. Degraded: anything else, with the condition's message
-- (it says what to fix). Missing is Argo CD's own: the resource is not in the cluster.
local waits = {
  Starting = true, Provisioning = true, Unassigned = true, TasksNotRunning = true,
  PluginNotReady = true, Uploading = true, Restarting = true, OffsetsChanging = true,
  DeletePending = true, InUse = true
}
local hs = {}
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report the connector's status"
  return hs
end
local ready = nil
for _, condition in ipairs(obj.status.conditions) do
  if condition.type == "Ready" then
    ready = condition
  end
end
if obj.metadata.deletionTimestamp ~= nil then
  -- Deletion raises the generation without a spec to act on: report the deletion's wait.
  hs.status = "Progressing"
  if ready ~= nil and (ready.reason == "DeletePending" or ready.reason == "InUse") then
    hs.message = ready.reason .. ": " .. (ready.message or "")
  else
    hs.message = "Being deleted"
  end
  return hs
end
if obj.metadata.generation ~= nil and obj.status.observedGeneration ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to act on generation " .. obj.metadata.generation
  return hs
end
if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report a Ready condition"
  return hs
end
local reason = ready.reason or ""
hs.message = reason .. ": " .. (ready.message or "")
if ready.status == "True" then
  if reason == "Paused" or reason == "Stopped" then
    hs.status = "Suspended"
  else
    hs.status = "Healthy"
  end
elseif waits[reason] then
  hs.status = "Progressing"
else
  hs.status = "Degraded"
end
return hs
