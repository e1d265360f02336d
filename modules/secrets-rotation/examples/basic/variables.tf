variable "region" {
  description = "Region to create the example in."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name prefix for the example's resources."
  type        = string
  default     = "phi-example"
}

variable "availability_zones" {
  description = "Two AZs for the data subnets."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]
}

variable "database_host" {
  description = "Writer endpoint of the database whose application users are rotated (modules/rds-postgres `db_instance_address`)."
  type        = string
  default     = "phi-example-db.abcdefghijkl.us-east-1.rds.amazonaws.com"
}

variable "package_path" {
  description = "Rotation function zip; null uses build/lambda/rotation_postgres.zip of this repository."
  type        = string
  default     = null
}
