-- The browse lists page instances and disks in this order (inventory/browse/InventoryLists): with an
-- index on exactly the sort key, a page walks the index and stops after `limit` rows valid at the
-- snapshot, instead of reading every version and sorting (measured in docs/performance.md).
create index inventory_instances_order on inventory_instances (cluster, node, (coalesce(vmid, 2147483647)), name, row_id);
create index inventory_disks_order on inventory_disks (cluster, node, storage, volid, row_id);
