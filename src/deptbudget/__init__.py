"""deptbudget — 部门预算编制与公开工具（核心、批处理命令与 Excel 加载项共用）。"""

__version__ = "0.1.0"
