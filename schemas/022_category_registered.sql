-- csdesk schema, version 22: the conversion and recovery rates (seed 001: 监控潜在客户、准流失客转化成功率)
-- count the customers of a category registered before a moment; this index answers that from the
-- index alone, without reading every customer row (a month's report counts them twice).
CREATE INDEX customers_category_registered ON customers (category, registered_at) WHERE merged_into IS NULL;
