variable "name" {
  description = "Name prefix for every resource (tags, flow-log bucket and key alias), e.g. `phi-prod`. 2-32 characters of lowercase letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}[a-z0-9]$", var.name))
    error_message = "name must be 2-32 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "cidr_block" {
  description = "IPv4 CIDR of the VPC: a private (RFC 1918) range between /16 and /23, written as its network address (e.g. `10.20.0.0/16`)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$", var.cidr_block)) && try(cidrhost(var.cidr_block, 0) == split("/", var.cidr_block)[0], false)
    error_message = "cidr_block must be an IPv4 CIDR written as its network address, e.g. 10.20.0.0/16."
  }

  validation {
    condition = try(
      (cidrhost("${split("/", var.cidr_block)[0]}/8", 0) == "10.0.0.0" && tonumber(split("/", var.cidr_block)[1]) >= 8) ||
      (cidrhost("${split("/", var.cidr_block)[0]}/12", 0) == "172.16.0.0" && tonumber(split("/", var.cidr_block)[1]) >= 12) ||
      (cidrhost("${split("/", var.cidr_block)[0]}/16", 0) == "192.168.0.0" && tonumber(split("/", var.cidr_block)[1]) >= 16),
      false
    )
    error_message = "cidr_block must be a private (RFC 1918) range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16; PHI networks never use publicly routable addresses."
  }

  validation {
    condition     = try(tonumber(split("/", var.cidr_block)[1]) >= 16 && tonumber(split("/", var.cidr_block)[1]) <= 23, false)
    error_message = "cidr_block must have a prefix length between /16 and /23 (derived subnets are 5 bits longer, and AWS subnets are at most /28)."
  }
}

variable "availability_zones" {
  description = "Availability Zones the tiers span, e.g. `[\"us-east-1a\", \"us-east-1b\"]` (at least 2, all in the provider's region). Subnets are keyed by AZ name, so adding or reordering AZs never recreates the subnets of the others; derived CIDRs come from the AZ letter, not from the list position."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2
    error_message = "availability_zones must list at least 2 Availability Zones: every tier (public, app, data) spans two or more AZs."
  }

  validation {
    condition     = length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "availability_zones must not repeat an Availability Zone."
  }

  validation {
    condition     = alltrue([for az in var.availability_zones : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+[a-z]$", az))]) && length(distinct([for az in var.availability_zones : substr(az, 0, length(az) - 1)])) == 1
    error_message = "availability_zones must be Availability Zone names of one region, e.g. us-east-1a and us-east-1b (local and wavelength zones are not supported)."
  }

  validation {
    condition     = var.subnet_cidrs != null || alltrue([for az in var.availability_zones : contains(["a", "b", "c", "d", "e", "f", "g", "h"], substr(az, length(az) - 1, 1))])
    error_message = "availability_zones must end in the letters a-h when subnet CIDRs are derived (each AZ letter owns one slot per tier); give subnet_cidrs explicitly for other zones."
  }
}

variable "subnet_cidrs" {
  description = "Explicit subnet CIDRs by tier and AZ (`{ public = { \"us-east-1a\" = \"10.20.0.0/24\", ... }, app = {...}, data = {...} }`). Null (default) derives them: the VPC CIDR is split into four equal tier blocks (public, app, data, spare) and each AZ letter a-h owns one eighth of its tier block (a /16 gives /21 subnets)."
  type = object({
    public = map(string)
    app    = map(string)
    data   = map(string)
  })
  default = null

  validation {
    condition     = var.subnet_cidrs == null || try(keys(var.subnet_cidrs.public) == keys(var.subnet_cidrs.app) && keys(var.subnet_cidrs.app) == keys(var.subnet_cidrs.data), false)
    error_message = "subnet_cidrs must give the three tiers (public, app, data) CIDRs for the same Availability Zones."
  }

  validation {
    condition = var.subnet_cidrs == null || try(
      alltrue([
        for cidr in concat(values(var.subnet_cidrs.public), values(var.subnet_cidrs.app), values(var.subnet_cidrs.data)) :
        cidrhost(cidr, 0) == split("/", cidr)[0] && tonumber(split("/", cidr)[1]) <= 28 && tonumber(split("/", cidr)[1]) >= tonumber(split("/", var.cidr_block)[1]) && cidrhost("${split("/", cidr)[0]}/${split("/", var.cidr_block)[1]}", 0) == cidrhost(var.cidr_block, 0)
      ]),
      false
    )
    error_message = "subnet_cidrs must be IPv4 CIDRs written as their network address, at most /28, inside cidr_block."
  }

  validation {
    condition = var.subnet_cidrs == null || try(
      alltrue(flatten([
        for i, a in concat(values(var.subnet_cidrs.public), values(var.subnet_cidrs.app), values(var.subnet_cidrs.data)) : [
          for j, b in concat(values(var.subnet_cidrs.public), values(var.subnet_cidrs.app), values(var.subnet_cidrs.data)) :
          i == j || cidrhost("${split("/", a)[0]}/${min(tonumber(split("/", a)[1]), tonumber(split("/", b)[1]))}", 0) != cidrhost("${split("/", b)[0]}/${min(tonumber(split("/", a)[1]), tonumber(split("/", b)[1]))}", 0)
        ]
      ])),
      false
    )
    error_message = "subnet_cidrs must not overlap: every subnet of every tier needs its own address range, or tier isolation (NACLs, route tables) cannot tell the tiers apart."
  }
}

variable "nat_gateway_mode" {
  description = "`one_per_az` (default): a NAT gateway in every AZ, each app route table uses its own AZ's, so losing an AZ never cuts the others' egress. `single`: one NAT gateway (in the alphabetically first AZ) for all app subnets, an explicit cost mode for non-production. `none`: no NAT; app subnets reach AWS only through VPC endpoints."
  type        = string
  default     = "one_per_az"

  validation {
    condition     = contains(["one_per_az", "single", "none"], var.nat_gateway_mode)
    error_message = "nat_gateway_mode must be \"one_per_az\", \"single\" or \"none\"."
  }
}

# --- Flow logs ----------------------------------------------------------------------------

variable "flow_log_access_log_bucket" {
  description = "Name of the log bucket (modules/s3-bucket `log` profile) that receives the S3 server access logs of the flow-log bucket. The flow-log bucket is a `phi`-profile bucket, and every access to it is logged."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.flow_log_access_log_bucket))
    error_message = "flow_log_access_log_bucket must be an S3 bucket name (3-63 lowercase letters, digits and hyphens)."
  }
}

variable "flow_log_retention_days" {
  description = "Days flow-log objects are kept in S3 before they expire (at least 365; default 2557, seven years)."
  type        = number
  default     = 2557

  validation {
    condition     = var.flow_log_retention_days >= 365 && floor(var.flow_log_retention_days) == var.flow_log_retention_days
    error_message = "flow_log_retention_days must be a whole number of days of at least 365: network audit records of a PHI environment are kept for a year or more."
  }
}

variable "flow_log_glacier_transition_days" {
  description = "Days after which flow-log objects move to S3 Glacier Flexible Retrieval (default 90). Must be shorter than flow_log_retention_days."
  type        = number
  default     = 90

  validation {
    condition     = var.flow_log_glacier_transition_days >= 1 && floor(var.flow_log_glacier_transition_days) == var.flow_log_glacier_transition_days && var.flow_log_glacier_transition_days < var.flow_log_retention_days
    error_message = "flow_log_glacier_transition_days must be a whole number of days >= 1 and less than flow_log_retention_days."
  }
}

variable "flow_log_file_format" {
  description = "Format of flow-log objects in S3: `parquet` (default; compressed, Hive-compatible, hourly partitions, cheap to query with Athena) or `plain-text` (gzip text, no destination options)."
  type        = string
  default     = "parquet"

  validation {
    condition     = contains(["parquet", "plain-text"], var.flow_log_file_format)
    error_message = "flow_log_file_format must be \"parquet\" or \"plain-text\"."
  }
}

variable "flow_log_max_aggregation_interval" {
  description = "Seconds over which a flow is aggregated into one record: 60 (default, finer forensics) or 600."
  type        = number
  default     = 60

  validation {
    condition     = contains([60, 600], var.flow_log_max_aggregation_interval)
    error_message = "flow_log_max_aggregation_interval must be 60 or 600 seconds."
  }
}

variable "flow_log_cloudwatch" {
  description = "Also send flow logs (ALL traffic) to a KMS-encrypted CloudWatch Logs group, for metric filters and alarms."
  type        = bool
  default     = false
}

variable "flow_log_cloudwatch_retention_days" {
  description = "Retention of the CloudWatch Logs flow-log group: a CloudWatch retention value of at least 365 days (365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_cloudwatch_retention_days)
    error_message = "flow_log_cloudwatch_retention_days must be a CloudWatch Logs retention of at least 365 days: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "flow_log_bucket_eventbridge_notifications" {
  description = "Send the flow-log bucket's object events to Amazon EventBridge (for log pipelines and alerting)."
  type        = bool
  default     = true
}

variable "flow_log_bucket_force_destroy" {
  description = "Allow destroying the flow-log bucket while it still holds flow logs. Off by default: audit records must not disappear with a stray destroy."
  type        = bool
  default     = false
}

# --- VPC endpoints ------------------------------------------------------------------------

variable "interface_endpoints" {
  description = "AWS services reached through interface VPC endpoints in the app subnets (private DNS on, endpoint policy limited to principals of this account). Names as in `com.amazonaws.<region>.<name>`."
  type        = set(string)
  default     = ["secretsmanager", "kms", "logs", "sts", "ecr.api", "ecr.dkr", "ssm", "ssmmessages", "ec2messages", "monitoring", "sqs", "sns"]

  validation {
    condition     = alltrue([for service in var.interface_endpoints : contains(["secretsmanager", "kms", "logs", "sts", "ecr.api", "ecr.dkr", "ssm", "ssmmessages", "ec2messages", "monitoring", "sqs", "sns", "ec2", "ecs", "ecs-agent", "ecs-telemetry", "rds", "elasticloadbalancing", "events", "lambda", "states", "xray", "execute-api", "kinesis-firehose", "backup", "elasticache", "athena", "glue", "sagemaker.api", "textract", "comprehendmedical", "transcribe"], service)])
    error_message = "interface_endpoints must name AWS services this module knows (secretsmanager, kms, logs, sts, ecr.api, ecr.dkr, ssm, ssmmessages, ec2messages, monitoring, sqs, sns, ec2, ecs, ecs-agent, ecs-telemetry, rds, elasticloadbalancing, events, lambda, states, xray, execute-api, kinesis-firehose, backup, elasticache, athena, glue, sagemaker.api, textract, comprehendmedical, transcribe)."
  }
}

variable "endpoint_security_group_ids" {
  description = "Security groups for the interface endpoints, e.g. the `endpoints` group of modules/security-groups (443 only from the app and rotation groups). Empty (default): the module creates a group that admits 443 from the VPC CIDR only."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.endpoint_security_group_ids : can(regex("^sg-[0-9a-f]{8,17}$", id))])
    error_message = "endpoint_security_group_ids must be security group ids (sg-...)."
  }
}

variable "endpoints_admit_vpc_cidr" {
  description = "The module's own endpoint group (when `endpoint_security_group_ids` is empty) admits 443 from the whole VPC CIDR. Set false when the security-group chain puts narrower rules on that group (modules/security-groups `endpoints_security_group_id`): the group then admits only the chain's groups. Ignored with `endpoint_security_group_ids`."
  type        = bool
  default     = true
  nullable    = false
}

# --- Site-to-site VPN ---------------------------------------------------------------------

variable "vpn" {
  description = "Site-to-site VPN to a corporate data centre: the customer gateway's public IP and BGP ASN, the corporate CIDRs routed through it from the app and data route tables, and whether the connection uses static routes (default) or BGP. Null (default): no VPN."
  type = object({
    customer_gateway_ip  = string
    customer_gateway_asn = optional(number, 65000)
    amazon_side_asn      = optional(number, 64512)
    corporate_cidrs      = list(string)
    static_routes_only   = optional(bool, true)
  })
  default = null

  validation {
    condition     = var.vpn == null || try(can(cidrhost("${var.vpn.customer_gateway_ip}/32", 0)) && !can(regex("^(10\\.|192\\.168\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|127\\.|0\\.)", var.vpn.customer_gateway_ip)), false)
    error_message = "vpn.customer_gateway_ip must be the public IPv4 address of the corporate VPN device."
  }

  validation {
    condition     = var.vpn == null || try(length(var.vpn.corporate_cidrs) > 0 && alltrue([for cidr in var.vpn.corporate_cidrs : cidrhost(cidr, 0) == split("/", cidr)[0] && cidr != "0.0.0.0/0"]), false)
    error_message = "vpn.corporate_cidrs must list at least one IPv4 CIDR written as its network address, and never 0.0.0.0/0 (the VPN must not become a default route)."
  }

  validation {
    condition = var.vpn == null || try(alltrue([
      for cidr in var.vpn.corporate_cidrs :
      cidrhost("${split("/", cidr)[0]}/${min(tonumber(split("/", cidr)[1]), tonumber(split("/", var.cidr_block)[1]))}", 0) != cidrhost("${split("/", var.cidr_block)[0]}/${min(tonumber(split("/", cidr)[1]), tonumber(split("/", var.cidr_block)[1]))}", 0)
    ]), false)
    error_message = "vpn.corporate_cidrs must not overlap cidr_block."
  }

  validation {
    condition     = var.vpn == null || try(var.vpn.customer_gateway_asn >= 1 && var.vpn.customer_gateway_asn <= 4294967294 && var.vpn.amazon_side_asn >= 64512 && var.vpn.amazon_side_asn <= 65534, false)
    error_message = "vpn.customer_gateway_asn must be a BGP ASN (1-4294967294) and vpn.amazon_side_asn a private ASN (64512-65534)."
  }
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
